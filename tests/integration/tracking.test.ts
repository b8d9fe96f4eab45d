import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signTracking } from "~/.server/tracking/tokens";
import { trackClick, trackOpen } from "~/.server/tracking/track";
import { unsubscribeWithToken, signUnsubscribeToken } from "~/.server/tracking/unsubscribe";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";

const SHOP = DEMO_SHOP;
const SECRET = "tracking-secret";
const T = new Date("2026-03-10T12:00:00Z");
const URL_A = "https://demo-shop.example/products/beans?size=250";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, T);
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.messageEvent.deleteMany();
  await t.db.message.deleteMany();
});

async function message(id: string, over: { holdout?: boolean; test?: boolean; links?: string[] } = {}) {
  return t.db.message.create({
    data: {
      id,
      key: `${SHOP}:welcome:customer:${id}:0`,
      shop: SHOP,
      scenario: "welcome",
      step: 0,
      about: `customer:${id}`,
      email: `${id}@example.com`,
      triggeredAt: T,
      runAt: T,
      status: over.holdout ? "skipped" : "sent",
      holdout: over.holdout ?? false,
      test: over.test ?? false,
      sentAt: T,
      links: over.links ? JSON.stringify(over.links) : null,
    },
  });
}

const events = () => t.db.messageEvent.findMany({ orderBy: { type: "asc" } });
const click = (messageId: string, url = URL_A) => signTracking({ kind: "click", messageId, url }, SECRET);

function swapBody(token: string, change: (data: Record<string, string>) => void): string {
  const [body, sig] = token.split(".");
  const data = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, string>;
  change(data);
  return `${Buffer.from(JSON.stringify(data)).toString("base64url")}.${sig}`;
}

describe("tracking tokens that must be refused", () => {
  it("refuses a forged signature, an open token used as a click, a swapped URL and a replay onto another message", async () => {
    await message("x");
    await message("y");
    const refused = [
      signTracking({ kind: "click", messageId: "x", url: URL_A }, "someone-elses-secret"),
      signTracking({ kind: "open", messageId: "x" }, SECRET),
      swapBody(click("x"), (d) => (d.u = "https://evil.example/phish")),
      swapBody(click("x"), (d) => (d.m = "y")),
      "garbage",
    ];
    for (const token of refused) expect(await trackClick(t.db, token, SECRET, T)).toMatchObject({ ok: false });
    expect(await trackOpen(t.db, swapBody(signTracking({ kind: "open", messageId: "x" }, SECRET), (d) => (d.m = "y")), SECRET, T)).toMatchObject({ ok: false });
    expect(await trackOpen(t.db, click("x"), SECRET, T)).toMatchObject({ ok: false });
    expect(await events()).toEqual([]);
    expect((await t.db.message.findUniqueOrThrow({ where: { id: "y" } })).lastClickedAt).toBeNull();
  });
});

describe("opens and clicks", () => {
  it("records the first open once, and a click once per link with the latest click time", async () => {
    await message("m1");
    const open = signTracking({ kind: "open", messageId: "m1" }, SECRET);
    expect(await trackOpen(t.db, open, SECRET, T)).toEqual({ ok: true, recorded: true });
    expect(await trackOpen(t.db, open, SECRET, new Date(T.getTime() + 60_000))).toEqual({ ok: true, recorded: false });
    const later = new Date(T.getTime() + 3_600_000);
    expect(await trackClick(t.db, click("m1"), SECRET, T)).toMatchObject({ ok: true, recorded: true });
    expect(await trackClick(t.db, click("m1"), SECRET, later)).toMatchObject({ ok: true, recorded: false });
    expect((await events()).map((e) => e.type)).toEqual(["click", "open"]);
    expect((await t.db.message.findUniqueOrThrow({ where: { id: "m1" } })).lastClickedAt).toEqual(later);
  });

  it("counts nothing for a holdout message, but still takes the shopper to the shop", async () => {
    await message("held1", { holdout: true });
    const result = await trackClick(t.db, click("held1"), SECRET, T);
    expect(result).toMatchObject({ ok: true, recorded: false });
    expect(result.ok && new URL(result.location).origin + new URL(result.location).pathname).toBe("https://demo-shop.example/products/beans");
    expect(await trackOpen(t.db, signTracking({ kind: "open", messageId: "held1" }, SECRET), SECRET, T)).toEqual({ ok: true, recorded: false });
    expect(await events()).toEqual([]);
    expect((await t.db.message.findMany({ where: { lastClickedAt: { not: null } } })).length).toBe(0);
  });
  it("records an unsubscribe once for the message its link came from, never for a test send", async () => {
    const m = await message("u1");
    const token = signUnsubscribeToken({ shop: SHOP, email: "u1@example.com", messageKey: m.key }, SECRET);
    await unsubscribeWithToken(t.db, token, SECRET, T);
    await unsubscribeWithToken(t.db, token, SECRET, T);
    expect(await events()).toMatchObject([{ type: "unsubscribe", messageId: "u1" }]);

    const test = await message("u2", { test: true });
    await unsubscribeWithToken(t.db, signUnsubscribeToken({ shop: SHOP, email: "u2@example.com", messageKey: test.key }, SECRET), SECRET, T);
    expect(await events()).toHaveLength(1);
  });
});

describe("where a genuine click token may lead", () => {
  const URL_B = "https://demo-shop.example/pages/about";
  const HOME = "https://demo-shop.example";
  beforeAll(() => t.db.shop.update({ where: { domain: SHOP }, data: { primaryDomain: HOME } }));
  afterAll(() => t.db.shop.update({ where: { domain: SHOP }, data: { primaryDomain: null } }));

  it("redirects to a link the message recorded, and not to one it never sent: that goes to the shop's home page, uncounted", async () => {
    await message("l1", { links: [URL_A] });
    expect(await trackClick(t.db, click("l1", URL_A), SECRET, T)).toMatchObject({ ok: true, recorded: true });
    const elsewhere = await trackClick(t.db, click("l1", URL_B), SECRET, T);
    expect(elsewhere).toEqual({ ok: false, reason: "not a link the message sent", storefront: HOME });
    expect((await events()).filter((e) => e.type === "click").map((e) => e.url)).toEqual([URL_A]);
  });

  it("does not redirect for a message that no longer exists", async () => {
    await message("gone1");
    const token = click("gone1");
    await t.db.message.delete({ where: { id: "gone1" } });
    expect(await trackClick(t.db, token, SECRET, T)).toEqual({ ok: false, reason: "the message no longer exists", storefront: null });
    expect(await events()).toEqual([]);
  });

  it("does not redirect a link from a merchant's test send: the shop's home page, nothing counted", async () => {
    await message("test1", { test: true });
    expect(await trackClick(t.db, click("test1"), SECRET, T)).toEqual({ ok: false, reason: "a test send is not tracked", storefront: HOME });
    expect(await trackOpen(t.db, signTracking({ kind: "open", messageId: "test1" }, SECRET), SECRET, T)).toEqual({ ok: true, recorded: false });
    expect(await events()).toEqual([]);
    expect((await t.db.message.findUniqueOrThrow({ where: { id: "test1" } })).lastClickedAt).toBeNull();
  });

  it("still redirects for a message sent before links were recorded (none on record)", async () => {
    await message("old1");
    const result = await trackClick(t.db, click("old1", URL_B), SECRET, T);
    expect(result).toMatchObject({ ok: true, recorded: true });
    expect(result.ok && new URL(result.location).pathname).toBe("/pages/about");
  });
});
