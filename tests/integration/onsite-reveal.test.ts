// Deciding and revealing the modal's code against a real SQLite database and the Shopify-like fake.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { endOfLocalDay } from "~/domain/schedule";
import { recordVisitorEvent } from "~/.server/channels/onsite/events";
import type { FactsRequest } from "~/.server/channels/onsite/facts";
import { decideForVisitor } from "~/.server/channels/onsite/offer";
import { createRateLimiter } from "~/.server/channels/onsite/rate-limit";
import { revealCode } from "~/.server/channels/onsite/reveal";
import type { OnsiteDeps } from "~/.server/channels/onsite/types";
import { createFakeAdminApi, type FakeAdminApi } from "~/.server/shopify/fake-admin";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { signTracking } from "~/.server/tracking/tokens";
import { DEFAULT_BRAND, FONT_STACKS, modalBrand } from "~/domain/brand";
import { createTestDb, type TestDb } from "../support/db";
import { noSignupMail } from "../support/signup-mail";

const NOW = new Date("2026-03-02T12:00:00Z");
const SECRET = "test-secret";
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

let t: TestDb;
let admin: FakeAdminApi;
let deps: OnsiteDeps;
let orders: Map<string, number>;

beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, NOW);
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.onsiteEvent.deleteMany();
  await t.db.coupon.deleteMany();
  await t.db.message.deleteMany();
  await t.db.customer.deleteMany();
  orders = new Map();
  admin = createFakeAdminApi({ orderCount: async (_shop, id) => orders.get(id) ?? 0 });
  let n = 0;
  deps = { db: t.db, admin, secret: SECRET, random: () => ((n++ * 0.137) % 1), limiter: createRateLimiter(t.db), signupMail: noSignupMail };
});

/** Each test's visitor from its own address: the per-address daily cap is tested on its own. */
let address = 0;
const visitor = (over: Partial<FactsRequest> = {}): FactsRequest => ({
  shop: DEMO_SHOP,
  visitorId: "visitor-aaaa-1111",
  customerShopifyId: null,
  consent: true,
  ref: null,
  productHandle: "house-blend",
  ip: `198.51.100.${++address}`,
  ...over,
});

describe("revealing the modal code", () => {
  it("gives the same visitor the same code every time, with one discount at Shopify", async () => {
    const first = await revealCode(deps, visitor(), NOW);
    const again = await revealCode(deps, visitor(), later(2));
    expect(first).toMatchObject({ ok: true, percentOff: 10 });
    if (!first.ok || !again.ok) throw new Error("reveal failed");
    expect(first.code).toMatch(/^EXIT-/);
    expect(again.code).toBe(first.code);
    // 23:59:59 shop time (UTC for the demo shop) on the 7th day after today, said in that zone.
    expect(first.endsAt).toEqual(endOfLocalDay(NOW, "UTC", 7));
    expect(first).toMatchObject({ timeZone: "UTC", value: "10%" });
    expect(admin.discounts(DEMO_SHOP)).toHaveLength(1);
    const coupon = await t.db.coupon.findFirstOrThrow({ where: { code: first.code } });
    expect(coupon).toMatchObject({ scenario: "exit-intent", visitorId: "visitor-aaaa-1111", status: "active", issueKey: `${DEMO_SHOP}:exit-intent:visitor:visitor-aaaa-1111:0` });
    expect(await t.db.onsiteEvent.count({ where: { type: "reveal" } })).toBe(1);
  });

  it("keys a logged-in customer's code to the customer, on any device", async () => {
    const phone = await revealCode(deps, visitor({ visitorId: "phone-visitor-1", customerShopifyId: "501" }), NOW);
    const laptop = await revealCode(deps, visitor({ visitorId: "laptop-visitor-1", customerShopifyId: "501" }), NOW);
    if (!phone.ok || !laptop.ok) throw new Error("reveal failed");
    expect(laptop.code).toBe(phone.code);
    expect(admin.discounts(DEMO_SHOP)[0].customerShopifyId).toBe("501");
  });

  it("answers 502 when Shopify throttles, writes no active code or event, and the retry gets the code", async () => {
    admin.throttleNext(1);
    const refused = await revealCode(deps, visitor(), NOW);
    expect(refused).toMatchObject({ ok: false, status: 502 });
    if (refused.ok) return;
    expect(refused.error).toMatch(/throttling/i);
    expect(await t.db.coupon.count({ where: { status: "active" } })).toBe(0);
    expect(await t.db.onsiteEvent.count()).toBe(0);
    const retried = await revealCode(deps, visitor(), later(1));
    expect(retried.ok).toBe(true);
    expect(admin.discounts(DEMO_SHOP)).toHaveLength(1);
  });

  it("refuses a repeat customer the first-order code, confirmed with Shopify when our data says 0", async () => {
    orders.set("777", 3);
    const refused = await revealCode(deps, visitor({ customerShopifyId: "777" }), NOW);
    expect(refused).toMatchObject({ ok: false, status: 409, error: "This offer is for a first order." });
    expect(admin.calls.filter((c) => c.op === "customerOrderCount")).toHaveLength(1);
    expect(admin.discounts(DEMO_SHOP)).toHaveLength(0);
  });

  it("issues no first-order code while Shopify cannot confirm a logged-in customer is new", async () => {
    admin.failNetworkNext(1);
    const refused = await revealCode(deps, visitor({ customerShopifyId: "778" }), NOW);
    expect(refused).toMatchObject({ ok: false, status: 502 });
    expect(await t.db.coupon.count()).toBe(0);
  });

  it("issues the code but records nothing about a visitor without privacy consent", async () => {
    const revealed = await revealCode(deps, visitor({ consent: false }), NOW);
    expect(revealed.ok).toBe(true);
    expect(await t.db.onsiteEvent.count()).toBe(0);
  });

  it("refuses once the scenario is switched off", async () => {
    await t.db.scenarioSetting.update({ where: { shop_scenario: { shop: DEMO_SHOP, scenario: "exit-intent" } }, data: { enabled: false } });
    try {
      expect(await revealCode(deps, visitor(), NOW)).toMatchObject({ ok: false, status: 409 });
      expect(await decideForVisitor(deps, visitor(), NOW)).toEqual({ show: false, reason: "scenario_off" });
    } finally {
      await t.db.scenarioSetting.update({ where: { shop_scenario: { shop: DEMO_SHOP, scenario: "exit-intent" } }, data: { enabled: true } });
    }
  });
});

describe("deciding from recorded facts", () => {
  it("shows once per session, stays away after a dismissal, and never after the modal code was used", async () => {
    const v = visitor();
    expect((await decideForVisitor(deps, v, NOW)).show).toBe(true);
    expect(await recordVisitorEvent(t.db, v, "impression", "first-order", NOW)).toBe(true);
    expect(await recordVisitorEvent(t.db, v, "impression", "first-order", later(1))).toBe(false);
    expect(await decideForVisitor(deps, v, later(5))).toEqual({ show: false, reason: "already_shown" });
    expect((await decideForVisitor(deps, v, later(45))).show).toBe(true);

    await recordVisitorEvent(t.db, v, "dismiss", "first-order", later(2));
    expect(await decideForVisitor(deps, v, later(3 * 24 * 60))).toEqual({ show: false, reason: "dismissed_recently" });
    expect((await decideForVisitor(deps, v, later(8 * 24 * 60))).show).toBe(true);

    const revealed = await revealCode(deps, v, later(8 * 24 * 60));
    if (!revealed.ok) throw new Error(revealed.error);
    await t.db.coupon.update({ where: { shop_code: { shop: DEMO_SHOP, code: revealed.code } }, data: { usedAt: later(9 * 24 * 60), usedByOrder: "9001" } });
    expect(await decideForVisitor(deps, v, later(10 * 24 * 60))).toEqual({ show: false, reason: "code_used" });
  });

  it("records nothing for a visitor without privacy consent", async () => {
    const v = visitor({ consent: false });
    expect(await recordVisitorEvent(t.db, v, "impression", "first-order", NOW)).toBe(false);
    expect(await t.db.onsiteEvent.count()).toBe(0);
  });

  it("does not offer a code to a visitor who came from our email and still holds its unused code", async () => {
    const message = await t.db.message.create({
      data: { key: `${DEMO_SHOP}:welcome:customer:55:0`, shop: DEMO_SHOP, scenario: "welcome", step: 0, about: "customer:55", triggeredAt: NOW, runAt: NOW, status: "sent", couponCode: "WELCOME-ABCD1234" },
    });
    await t.db.coupon.create({
      data: { shop: DEMO_SHOP, code: "WELCOME-ABCD1234", scenario: "welcome", issueKey: message.key, percentOff: 10, startsAt: NOW, endsAt: later(3 * 24 * 60), status: "active" },
    });
    const ref = signTracking({ kind: "ref", messageId: message.id }, SECRET);
    expect(await decideForVisitor(deps, visitor({ ref }), later(60))).toEqual({ show: false, reason: "holds_unused_code" });
    expect((await decideForVisitor(deps, visitor({ ref: signTracking({ kind: "ref", messageId: message.id }, "forged") }), later(60))).show).toBe(true);
    expect((await decideForVisitor(deps, visitor({ ref: signTracking({ kind: "open", messageId: message.id }, SECRET) }), later(60))).show).toBe(true);
    expect((await decideForVisitor(deps, visitor({ ref }), later(4 * 24 * 60))).show).toBe(true);
  });

  it("offers a logged-in repeat customer a reminder of the product instead", async () => {
    await t.db.customer.create({ data: { shop: DEMO_SHOP, shopifyId: "888", email: "regular@example.com", ordersCount: 4 } });
    expect(await decideForVisitor(deps, visitor({ customerShopifyId: "888" }), NOW)).toEqual({
      show: true,
      offer: { id: "reminder", kind: "reminder", product: { title: "House Blend", url: "/products/house-blend" }, signup: false },
      brand: modalBrand(DEFAULT_BRAND),
    });
    expect(admin.calls).toHaveLength(0);
  });

  it("gives the modal the shop's brand: its accent, a label that reads on it, and its font", async () => {
    await t.db.shop.update({ where: { domain: DEMO_SHOP }, data: { brandAccent: "#ffd400", brandFont: "serif" } });
    const answer = await decideForVisitor(deps, visitor(), NOW);
    expect(answer).toMatchObject({ show: true, brand: { accent: "#ffd400", onAccent: "#111111", font: FONT_STACKS.serif } });
  });

  it("answers shop_uninstalled for a shop that left or never installed", async () => {
    expect(await decideForVisitor(deps, visitor({ shop: "stranger.myshopify.com" }), NOW)).toEqual({ show: false, reason: "shop_uninstalled" });
  });
});
