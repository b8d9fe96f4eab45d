import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  describeUnsubscribeLink,
  signUnsubscribeToken,
  unsubscribe,
  unsubscribeUrl,
  unsubscribeWithToken,
  verifyUnsubscribeToken,
} from "~/.server/tracking/unsubscribe";
import { createTestDb, type TestDb } from "../support/db";

const SECRET = "test-secret";
const SHOP = "unsub-shop.myshopify.com";
const OTHER_SHOP = "other-shop.myshopify.com";
const AT = new Date("2026-03-13T10:00:00Z");
const payload = { shop: SHOP, email: "Jimin@Example.com", messageKey: `${SHOP}:welcome:customer:1:0` };

describe("unsubscribe tokens", () => {
  it("round-trips a signed token", () => {
    const token = signUnsubscribeToken(payload, SECRET);
    expect(verifyUnsubscribeToken(token, SECRET)).toEqual({ ok: true, payload: { ...payload, email: "jimin@example.com" } });
    expect(unsubscribeUrl("https://crm.example/", token)).toBe(`https://crm.example/unsubscribe?token=${token}`);
  });

  it("refuses a forged, tampered or garbled token", () => {
    const token = signUnsubscribeToken(payload, SECRET);
    const [body, signature] = token.split(".");
    const otherBody = Buffer.from(JSON.stringify({ s: SHOP, e: "victim@example.com", k: "x" })).toString("base64url");
    for (const bad of [
      signUnsubscribeToken(payload, "someone-else's-secret"),
      `${otherBody}.${signature}`,
      `${body}.${signature.slice(0, -2)}`,
      `${body}.`,
      "garbage",
      "",
      "a.b.c",
    ]) {
      expect(verifyUnsubscribeToken(bad, SECRET).ok).toBe(false);
    }
  });
});

describe("unsubscribe", () => {
  let t: TestDb;
  const message = (key: string, status: string, email: string | null, shop = SHOP) => ({
    key,
    shop,
    scenario: "cart-recovery",
    step: 0,
    about: `checkout:${key}`,
    email,
    triggeredAt: AT,
    runAt: AT,
    status,
  });

  beforeAll(async () => {
    t = await createTestDb();
    await t.db.shop.create({ data: { domain: SHOP, name: "하루커피", locale: "ko", installedAt: AT } });
    await t.db.message.createMany({
      data: [
        message("planned", "planned", "jimin@example.com"),
        message("deferred", "deferred", "jimin@example.com"),
        message("sent", "sent", "jimin@example.com"),
        message("someone-else", "planned", "ada@example.com"),
        message("other-shop", "planned", "jimin@example.com", OTHER_SHOP),
      ],
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const statuses = async () =>
    Object.fromEntries((await t.db.message.findMany({ orderBy: { key: "asc" } })).map((m) => [m.key, `${m.status}${m.reason ? `:${m.reason}` : ""}`]));

  it("a forged link changes nothing", async () => {
    const forged = signUnsubscribeToken(payload, "not-our-secret");
    expect(await describeUnsubscribeLink(t.db, forged, SECRET)).toMatchObject({ ok: false });
    expect(await unsubscribeWithToken(t.db, forged, SECRET, AT)).toMatchObject({ ok: false });
    expect(await unsubscribeWithToken(t.db, null, SECRET, AT)).toMatchObject({ ok: false });
    expect(await t.db.suppression.count()).toBe(0);
    expect((await statuses()).planned).toBe("planned");
  });

  it("shows the shop's name and language before anything changes", async () => {
    const token = signUnsubscribeToken(payload, SECRET);
    expect(await describeUnsubscribeLink(t.db, token, SECRET)).toEqual({
      ok: true,
      shopName: "하루커피",
      senderName: "하루커피",
      timeZone: "UTC",
      locale: "ko",
      email: "jimin@example.com",
      test: false,
    });
    expect(await t.db.suppression.count()).toBe(0);
  });

  it("suppresses the address and skips only that shopper's waiting messages at that shop", async () => {
    const result = await unsubscribeWithToken(t.db, signUnsubscribeToken(payload, SECRET), SECRET, AT);
    expect(result).toMatchObject({ ok: true, alreadyUnsubscribed: false });
    expect(await statuses()).toEqual({
      deferred: "skipped:unsubscribed",
      "other-shop": "planned",
      planned: "skipped:unsubscribed",
      sent: "sent",
      "someone-else": "planned",
    });
    const rows = await t.db.suppression.findMany();
    expect(rows).toMatchObject([{ shop: SHOP, email: "jimin@example.com", reason: "unsubscribed", createdAt: AT }]);
  });

  it("is idempotent: a second click changes nothing and says so", async () => {
    const before = await statuses();
    const again = await unsubscribe(t.db, { shop: SHOP, email: "JIMIN@example.com", messageKey: null, at: new Date("2026-03-14T00:00:00Z") });
    expect(again).toEqual({ alreadyUnsubscribed: true, skippedMessages: 0 });
    expect(await statuses()).toEqual(before);
    expect(await t.db.suppression.findMany()).toMatchObject([{ createdAt: AT }]);
  });

  it("turns an earlier bounce into the shopper's own unsubscribe", async () => {
    await t.db.suppression.create({ data: { shop: SHOP, email: "ada@example.com", reason: "bounced", createdAt: AT } });
    const result = await unsubscribe(t.db, { shop: SHOP, email: "ada@example.com", messageKey: null, at: AT });
    expect(result).toEqual({ alreadyUnsubscribed: false, skippedMessages: 1 });
    expect(await t.db.suppression.findUnique({ where: { shop_email: { shop: SHOP, email: "ada@example.com" } } })).toMatchObject({ reason: "unsubscribed" });
  });
});
