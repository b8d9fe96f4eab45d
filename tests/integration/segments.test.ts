// A scenario limited to segments, checked again when the message is due: the person's segments are
// read from the projection and from their opens and clicks, the VIP cutoff from the shop's buyers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { messageKey } from "~/domain/scenarios";
import { segmentSizes } from "~/.server/admin/audience";
import { loadEditor, saveEditor } from "~/.server/admin/editor";
import { saveSettings, settingsValues } from "~/.server/admin/settings";
import { translator } from "~/i18n";
import { createShopCache } from "~/.server/dispatch/facts";
import { dispatchDue } from "~/.server/dispatch/pass";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";
import { startMailServer, type MailServer } from "../support/mail-server";
import { testDispatchDeps } from "../support/dispatch-deps";

const SHOP = DEMO_SHOP;
const T = new Date("2026-03-02T12:00:00Z"); // a Monday noon, outside the demo shop's quiet hours
const DAY = 86_400_000;
const at = (ms: number) => new Date(T.getTime() + ms);

let t: TestDb;
let mail: MailServer;

beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, at(-60 * DAY));
  mail = await startMailServer();
});
afterAll(async () => {
  await mail.close();
  await t.close();
});
beforeEach(async () => {
  for (const table of ["message", "messageEvent", "coupon", "customer"] as const) await (t.db[table] as { deleteMany(): Promise<unknown> }).deleteMany();
  await t.db.scenarioSetting.updateMany({ where: { shop: SHOP }, data: { audience: "{}" } });
  await t.db.shop.update({ where: { domain: SHOP }, data: { segmentVipMinSpentCents: null, segmentLoyalOrders: 3, segmentDormantDays: 90 } });
  mail.sink.received.length = 0;
});

const audience = (scenario: string, include: string[], exclude: string[] = []) =>
  t.db.scenarioSetting.update({ where: { shop_scenario: { shop: SHOP, scenario } }, data: { audience: JSON.stringify({ include, exclude }) } });

async function person(id: string, over: { signedUpAt?: Date | null } = {}) {
  const email = `p${id}@example.com`;
  await t.db.customer.create({ data: { shop: SHOP, shopifyId: id, email, firstName: "Ada", emailConsent: "subscribed", signedUpAt: over.signedUpAt === undefined ? at(-DAY) : over.signedUpAt } });
  return t.db.message.create({
    data: { key: messageKey(SHOP, "welcome", `customer:${id}`, 0), shop: SHOP, scenario: "welcome", step: 0, about: `customer:${id}`, email, customerShopifyId: id, triggeredAt: at(-5 * 60_000), runAt: at(-60_000), status: "planned" },
  });
}

/** An email this person opened `daysAgo` days ago. */
async function opened(id: string, daysAgo: number) {
  const sent = await t.db.message.create({
    data: { key: `${SHOP}:coupon-expiry:old-${id}:0`, shop: SHOP, scenario: "coupon-expiry", step: 0, about: `old-${id}`, email: `p${id}@example.com`, triggeredAt: at(-40 * DAY), runAt: at(-40 * DAY), status: "sent", sentAt: at(-40 * DAY) },
  });
  await t.db.messageEvent.create({ data: { key: `open:${sent.id}`, shop: SHOP, messageId: sent.id, scenario: "coupon-expiry", type: "open", at: at(-daysAgo * DAY) } });
}

const dispatch = () => dispatchDue(testDispatchDeps(t.db, mail.transport), T);
const row = (id: string) => t.db.message.findUniqueOrThrow({ where: { id } });

describe("a scenario limited to segments", () => {
  it("sends to everyone in an included segment and skips, with the reason, someone in none", async () => {
    await audience("welcome", ["new"]);
    const signedUp = await person("1");
    const unknown = await person("2", { signedUpAt: null });
    await dispatch();
    expect(await row(signedUp.id)).toMatchObject({ status: "sent" });
    expect(await row(unknown.id)).toMatchObject({ status: "skipped", reason: "not_in_segment", reasonDetail: "in none of new" });
    expect(mail.sink.received.flatMap((m) => m.envelopeTo)).toEqual(["p1@example.com"]);
  });

  it("skips someone in an excluded segment, judged by their opens and clicks as of the send", async () => {
    await audience("welcome", [], ["engaged"]);
    const engaged = await person("3");
    await opened("3", 10);
    const lapsed = await person("4");
    await opened("4", 45);
    await dispatch();
    expect(await row(engaged.id)).toMatchObject({ status: "skipped", reason: "not_in_segment", reasonDetail: "in excluded segment engaged" });
    expect(await row(lapsed.id)).toMatchObject({ status: "sent" });
  });

  it("sends as before when the scenario names no segment", async () => {
    const anyone = await person("5", { signedUpAt: null });
    await dispatch();
    expect(await row(anyone.id)).toMatchObject({ status: "sent" });
  });
});

describe("the VIP cutoff", () => {
  it("is the smallest amount among the top 5 % of the shop's buyers, or the merchant's amount", async () => {
    await t.db.customer.createMany({
      data: Array.from({ length: 100 }, (_, i) => ({ shop: SHOP, shopifyId: `v${i}`, email: `v${i}@example.com`, ordersCount: 1, totalSpentCents: (i + 1) * 100 })),
    });
    await t.db.customer.create({ data: { shop: SHOP, shopifyId: "none", email: "none@example.com", totalSpentCents: 0 } });
    const view = await createShopCache(t.db)(SHOP);
    expect(await view!.segments.vipCutoff()).toBe(9600);
    await t.db.shop.update({ where: { domain: SHOP }, data: { segmentVipMinSpentCents: 150_000 } });
    expect(await (await createShopCache(t.db)(SHOP))!.segments.vipCutoff()).toBe(150_000);
  });
});

describe("segment sizes", () => {
  it("count each segment as the send-time rules define it, in one scan of the shop's customers", async () => {
    const c = (id: string, over: Record<string, unknown>) => t.db.customer.create({ data: { shop: SHOP, shopifyId: id, email: `s${id}@example.com`, ...over } });
    await c("n1", { signedUpAt: at(-DAY) });
    await c("n2", { signedUpAt: null });
    await c("f1", { ordersCount: 1, totalSpentCents: 1000, lastOrderAt: at(-DAY) });
    await c("r1", { ordersCount: 2, totalSpentCents: 3000, lastOrderAt: at(-100 * DAY) });
    await c("l1", { ordersCount: 5, totalSpentCents: 90000, lastOrderAt: at(-2 * DAY) });
    await person("e1");
    await opened("e1", 3);
    await opened("e2", 40);
    const view = (await createShopCache(t.db)(SHOP))!;
    const sizes = await segmentSizes(t.db, SHOP, view.segments.thresholds, await view.segments.vipCutoff(), T);
    expect(sizes).toEqual({ new: 2, first_time_buyer: 1, repeat: 2, loyal: 1, vip: 1, dormant: 1, engaged: 1 });
  });
});

describe("who a scenario reaches", () => {
  const t_ = translator("en");
  const shopRow = () => t.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });

  async function checkoutLeft(id: string, email: string, daysAgo: number) {
    await t.db.checkout.create({ data: { shop: SHOP, token: `tok-${id}`, email, startedAt: at(-daysAgo * DAY) } });
  }

  it("counts the audience now, the people its trigger caught in 30 days, and the overlap another scenario will defer", async () => {
    await t.db.checkout.deleteMany();
    const c = (id: string, over: Record<string, unknown>) => t.db.customer.create({ data: { shop: SHOP, shopifyId: id, email: `a${id}@example.com`, emailConsent: "subscribed", ...over } });
    // Three sign-ups in the window (one a buyer), one before it, one without consent.
    await c("1", { signedUpAt: at(-2 * DAY) });
    await c("2", { signedUpAt: at(-10 * DAY) });
    await c("3", { signedUpAt: at(-20 * DAY), ordersCount: 1, totalSpentCents: 5000, lastOrderAt: at(-DAY) });
    await c("4", { signedUpAt: at(-45 * DAY) });
    await c("5", { signedUpAt: at(-3 * DAY), emailConsent: "not_subscribed" });
    // Two of the new sign-ups also left a checkout; one checkout is older than the window.
    await checkoutLeft("1", "a1@example.com", 1);
    await checkoutLeft("2", "A2@example.com", 5);
    await checkoutLeft("old", "a4@example.com", 40);
    await t.db.scenarioSetting.updateMany({ where: { shop: SHOP }, data: { enabled: false } });
    await t.db.scenarioSetting.update({ where: { shop_scenario: { shop: SHOP, scenario: "cart-recovery" } }, data: { enabled: true } });
    await audience("welcome", ["new"]);

    const editor = await loadEditor(t.db, await shopRow(), "welcome", T);
    const view = editor!.audience!;
    expect(view.saved).toEqual({ include: ["new"], exclude: [] });
    // In "new" with consent: 1, 2 and 4 (3 ordered, 5 has no consent).
    expect(view.reach.now).toBe(3);
    // Caught in 30 days and new: 1, 2 and 5 (consent is checked at send time, not by the trigger).
    expect(view.reach.last30Days).toBe(3);
    expect(view.reach.overlaps).toEqual([{ scenario: "cart-recovery", people: 2 }]);
    // Cart recovery ranks above welcome in the default priority order: welcome is the one deferred.
    expect(view.deferred).toEqual({ "cart-recovery": "welcome" });
    expect(view.holdout).toMatchObject({ ok: false, reached: 3, needed: 100 });
  });

  it("saves the segment choice, refuses an unknown segment without saving anything, and reads it back", async () => {
    const shop = await shopRow();
    const base = await loadEditor(t.db, shop, "welcome", T);
    const input = (audience: unknown) => ({ settings: base!.settings, holdoutPercent: null, templates: {}, ab: { subjects: {}, minSample: 100 }, audience });
    const refused = await saveEditor(t.db, shop, "welcome", input({ include: ["vip", "whales"], exclude: [] }), t_);
    expect(refused).toEqual({ ok: false, errors: { audience: "The audience was not saved: unknown segment: whales." } });
    const both = await saveEditor(t.db, shop, "welcome", input({ include: ["vip"], exclude: ["vip"] }), t_);
    expect(both.ok).toBe(false);
    expect((await loadEditor(t.db, shop, "welcome", T))!.audience!.saved).toEqual({ include: [], exclude: [] });
    expect(await saveEditor(t.db, shop, "welcome", input({ include: ["first_time_buyer", "vip"], exclude: ["dormant"] }), t_)).toEqual({ ok: true });
    expect((await loadEditor(t.db, shop, "welcome", T))!.audience!.saved).toEqual({ include: ["first_time_buyer", "vip"], exclude: ["dormant"] });
  });

  it("counts for the second-order nudge only first orders delivered in the window", async () => {
    await t.db.order.deleteMany();
    const c = (id: string, ordersCount: number) =>
      t.db.customer.create({ data: { shop: SHOP, shopifyId: `so${id}`, email: `so${id}@example.com`, emailConsent: "subscribed", ordersCount, lastOrderAt: at(-5 * DAY) } });
    const o = (id: string, email: string, placed: number, delivered: number | null) =>
      t.db.order.create({ data: { shop: SHOP, shopifyId: `so-${id}`, email, placedAt: at(-placed * DAY), deliveredAt: delivered === null ? null : at(-delivered * DAY) } });
    await c("1", 1);
    await o("1", "so1@example.com", 12, 9); // a first order, delivered in the window
    await c("2", 2);
    await o("2a", "so2@example.com", 60, 55); // a first order delivered before the window…
    await o("2b", "so2@example.com", 8, 5); // …and a second one delivered in it: not a first order
    await c("3", 1);
    await o("3", "so3@example.com", 3, null); // not delivered yet

    const view = (await loadEditor(t.db, await shopRow(), "second-order", T))!.audience!;
    expect(view.reach.last30Days).toBe(1);
    await t.db.order.deleteMany();
  });

  it("has no audience for the onsite modal, which speaks to visitors", async () => {
    expect((await loadEditor(t.db, await shopRow(), "exit-intent", T))!.audience).toBeNull();
  });
});

describe("segment thresholds in the shop's settings", () => {
  const t_ = translator("en");
  const deps = () => ({ db: t.db, transport: mail.transport, appUrl: "https://crm.example", secret: "s", mailFrom: "notices@crm.example" });
  const shopRow = () => t.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });

  it("start at the defaults, save with the rest of the settings, and move people between segments", async () => {
    const before = settingsValues(await shopRow());
    expect(before).toMatchObject({ segmentLoyalOrders: 3, segmentVipTopPercent: 5, segmentVipMinSpent: null, segmentDormantDays: 90, segmentEngagedDays: 30 });
    await t.db.customer.create({ data: { shop: SHOP, shopifyId: "th1", email: "th1@example.com", ordersCount: 2, totalSpentCents: 40_000, lastOrderAt: at(-60 * DAY) } });
    const sizes = async () => {
      const view = (await createShopCache(t.db)(SHOP))!;
      return segmentSizes(t.db, SHOP, view.segments.thresholds, await view.segments.vipCutoff(), T);
    };
    expect(await sizes()).toMatchObject({ loyal: 0, dormant: 0, vip: 1 });

    const saved = await saveSettings(deps(), SHOP, { ...before, segmentLoyalOrders: 2, segmentDormantDays: 45, segmentVipMinSpent: 500 }, t_, T);
    expect(saved.ok).toBe(true);
    expect(await shopRow()).toMatchObject({ segmentLoyalOrders: 2, segmentDormantDays: 45, segmentVipMinSpentCents: 50_000 });
    expect(await sizes()).toMatchObject({ loyal: 1, dormant: 1, vip: 0 });
  });

  it("refuses a threshold out of range and saves nothing", async () => {
    const before = await shopRow();
    const refused = await saveSettings(deps(), SHOP, { ...settingsValues(before), segmentDormantDays: 3 }, t_, T);
    expect(refused).toEqual({ ok: false, errors: { segmentDormantDays: "Enter a whole number from 14 to 730." } });
    expect((await shopRow()).segmentDormantDays).toBe(before.segmentDormantDays);
  });
});
