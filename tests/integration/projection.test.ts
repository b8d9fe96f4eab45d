// What the stored picture of a shop looks like after events, as the dispatcher and the admin read it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvents } from "~/.server/webhooks/apply";
import { TOPICS, type Topic } from "~/.server/webhooks/topics";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";

const SHOP = DEMO_SHOP;
const INSTALLED = new Date("2026-01-01T00:00:00Z");
const NOW = new Date("2026-03-01T12:00:00Z");

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, INSTALLED);
});
afterAll(async () => t.close());

/** Maps a payload the way intake does and applies it in one transaction. */
async function deliver(topic: Topic, payload: unknown, triggeredAt: Date | null = null) {
  const mapped = TOPICS[topic].map(payload, { triggeredAt, receivedAt: NOW });
  if (!mapped.ok) throw new Error(mapped.reason);
  return t.db.$transaction((tx) => applyEvents(tx, SHOP, mapped.events));
}

const order = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  email: "buyer@example.com",
  created_at: "2026-03-01T10:00:00Z",
  updated_at: "2026-03-01T10:00:00Z",
  financial_status: "paid",
  currency: "USD",
  total_price: "25.50",
  discount_codes: [],
  customer: { id: "8001", email: "buyer@example.com", first_name: "Jun" },
  ...over,
});

describe("orders", () => {
  it("keeps what was bought, line by line, and a later version of the order replaces it; an older one does not", async () => {
    const items = (...titles: string[]) => titles.map((title, i) => ({ title, quantity: 1, price: "9.50", product_id: 700 + i, variant_id: 7000 + i }));
    const buyer = { email: "lines@example.com", customer: { id: "8101", email: "lines@example.com" } };
    await deliver("orders/create", order("5201", { ...buyer, line_items: items("Beans", "Filters") }));
    await deliver("orders/paid", order("5201", { ...buyer, updated_at: "2026-03-01T10:05:00Z", line_items: items("Beans") }));
    await deliver("orders/create", order("5201", { ...buyer, updated_at: "2026-03-01T10:01:00Z", line_items: items("Beans", "Filters", "Mug") }));
    const lines = await t.db.orderLine.findMany({ where: { shop: SHOP, orderShopifyId: "5201" }, orderBy: { position: "asc" } });
    expect(lines.map((l) => [l.title, l.productShopifyId, l.variantShopifyId, l.priceCents, l.currency])).toEqual([["Beans", "700", "7000", 950, "USD"]]);
  });

  it("an order announced by orders/create and again by orders/paid counts once for its buyer", async () => {
    await deliver("orders/create", order("5001"));
    await deliver("orders/paid", order("5001", { updated_at: "2026-03-01T10:01:00Z" }));
    const buyer = await t.db.customer.findFirstOrThrow({ where: { shop: SHOP, shopifyId: "8001" } });
    expect(buyer).toMatchObject({ ordersCount: 1, totalSpentCents: 2550, lastOrderAt: new Date("2026-03-01T10:00:00Z"), emailConsent: "unknown" });
    expect(await t.db.order.count({ where: { shop: SHOP, shopifyId: "5001" } })).toBe(1);
  });

  it("a second order adds to the count and the spend", async () => {
    await deliver("orders/create", order("5002", { created_at: "2026-03-02T10:00:00Z", updated_at: "2026-03-02T10:00:00Z", total_price: "10.00" }));
    const buyer = await t.db.customer.findFirstOrThrow({ where: { shop: SHOP, shopifyId: "8001" } });
    expect(buyer).toMatchObject({ ordersCount: 2, totalSpentCents: 3550, lastOrderAt: new Date("2026-03-02T10:00:00Z") });
  });

  it("marks our coupon used by the order that used it, whatever its case, and only once", async () => {
    await t.db.coupon.create({
      data: { shop: SHOP, code: "WELCOME-7KQ2", scenario: "welcome", issueKey: "k-coupon-1", percentOff: 10, startsAt: INSTALLED, endsAt: new Date("2026-04-01T00:00:00Z"), status: "active" },
    });
    await deliver("orders/create", order("5003", { discount_codes: [{ code: "welcome-7kq2" }] }));
    await deliver("orders/create", order("5004", { discount_codes: [{ code: "WELCOME-7KQ2" }], created_at: "2026-03-05T00:00:00Z" }));
    expect(await t.db.coupon.findFirstOrThrow({ where: { code: "WELCOME-7KQ2" } })).toMatchObject({
      usedAt: new Date("2026-03-01T10:00:00Z"),
      usedByOrder: "5003",
    });
  });

  it("a delivery reported before the order itself is kept, and the order still counts when it arrives", async () => {
    await deliver("fulfillment_events/create", { order_id: "5005", status: "delivered", happened_at: "2026-03-04T09:00:00Z" });
    await deliver("orders/create", order("5005", { customer: { id: "8002", email: "early@example.com" } }));
    expect(await t.db.order.findFirstOrThrow({ where: { shopifyId: "5005" } })).toMatchObject({ deliveredAt: new Date("2026-03-04T09:00:00Z"), totalPriceCents: 2550 });
    expect((await t.db.customer.findFirstOrThrow({ where: { shopifyId: "8002" } })).ordersCount).toBe(1);
  });

  it("cancellation and delivery keep their earliest time", async () => {
    await deliver("orders/cancelled", order("5001", { cancelled_at: "2026-03-03T00:00:00Z", updated_at: "2026-03-03T00:00:00Z" }));
    await deliver("orders/cancelled", order("5001", { cancelled_at: "2026-03-06T00:00:00Z", updated_at: "2026-03-06T00:00:00Z" }));
    expect((await t.db.order.findFirstOrThrow({ where: { shopifyId: "5001" } })).cancelledAt).toEqual(new Date("2026-03-03T00:00:00Z"));
  });
});

describe("checkouts", () => {
  const checkout = (token: string, over: Record<string, unknown> = {}) => ({
    token,
    email: "cart@example.com",
    created_at: "2026-03-01T09:00:00Z",
    updated_at: "2026-03-01T09:00:00Z",
    abandoned_checkout_url: `https://shop.example/checkouts/${token}/recover`,
    total_price: "40.00",
    line_items: [{ title: "Beans", quantity: 2, price: "20.00" }],
    ...over,
  });

  it("is completed by the order that carries its token", async () => {
    const planned = await deliver("checkouts/create", checkout("tok-1"));
    expect(planned.planned.length).toBeGreaterThan(0);
    await deliver("orders/create", order("5101", { checkout_token: "tok-1", created_at: "2026-03-01T09:30:00Z" }));
    expect(await t.db.checkout.findFirstOrThrow({ where: { token: "tok-1" } })).toMatchObject({
      completedAt: new Date("2026-03-01T09:30:00Z"),
      completedByOrder: "5101",
    });
  });

  it("is completed even when its order arrived first, and a late stale update cannot reopen it", async () => {
    await deliver("orders/create", order("5102", { checkout_token: "tok-2", created_at: "2026-03-01T09:30:00Z" }));
    await deliver("checkouts/update", checkout("tok-2"));
    await deliver("checkouts/update", checkout("tok-2", { updated_at: "2026-03-01T09:10:00Z", completed_at: null }));
    expect(await t.db.checkout.findFirstOrThrow({ where: { token: "tok-2" } })).toMatchObject({ completedByOrder: "5102", completedAt: new Date("2026-03-01T09:30:00Z") });
  });
  it("learns a customer's language from the checkout, without overriding one already known", async () => {
    await deliver("customers/create", { id: "8200", email: "mina@example.kr", first_name: "민아", created_at: "2026-03-01T08:00:00Z", updated_at: "2026-03-01T08:00:00Z" });
    await deliver("checkouts/create", checkout("tok-ko", { email: "mina@example.kr", customer_locale: "ko", customer: { id: "8200" } }));
    await deliver("checkouts/create", checkout("tok-en", { email: "mina@example.kr", customer_locale: "en", customer: { id: "8200" } }));
    expect(await t.db.customer.findFirstOrThrow({ where: { shopifyId: "8200" } })).toMatchObject({ locale: "ko" });
  });
});

describe("consent", () => {
  it("a late, older consent change does not undo a newer opt-in", async () => {
    const consent = (state: string, at: string) => ({ customer_id: "8100", email_address: "c@example.com", email_marketing_consent: { state, consent_updated_at: at } });
    await deliver("customers_email_marketing_consent/update", consent("subscribed", "2026-03-01T10:00:00Z"));
    await deliver("customers_email_marketing_consent/update", consent("not_subscribed", "2026-03-01T09:00:00Z"));
    expect((await t.db.customer.findFirstOrThrow({ where: { shopifyId: "8100" } })).emailConsent).toBe("subscribed");
  });
});

describe("uninstall", () => {
  it("skips every message not yet sent, keeps what was sent, and drops the sessions", async () => {
    await deliver("customers/create", { id: "8200", email: "u@example.com", created_at: "2026-03-01T11:00:00Z" });
    const pending = await t.db.message.findFirstOrThrow({ where: { customerShopifyId: "8200" } });
    const sent = await t.db.message.update({ where: { key: (await t.db.message.findFirstOrThrow({ where: { checkoutToken: "tok-1" } })).key }, data: { status: "sent", sentAt: NOW } });
    await t.db.session.create({ data: { id: "offline_demo", shop: SHOP, state: "s", accessToken: "tok" } });

    await deliver("app/uninstalled", { id: 548380009 }, new Date("2026-03-02T00:00:00Z"));

    expect(await t.db.message.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ status: "skipped", reason: "shop_uninstalled" });
    expect((await t.db.message.findUniqueOrThrow({ where: { id: sent.id } })).status).toBe("sent");
    expect(await t.db.message.count({ where: { shop: SHOP, status: { in: ["planned", "deferred"] } } })).toBe(0);
    expect(await t.db.session.count({ where: { shop: SHOP } })).toBe(0);
    expect((await t.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).uninstalledAt).toEqual(new Date("2026-03-02T00:00:00Z"));
  });

  it("an uninstalled shop plans nothing new", async () => {
    const result = await deliver("customers/create", { id: "8201", email: "after@example.com", created_at: "2026-03-02T01:00:00Z" });
    expect(result.planned).toEqual([]);
    expect(await t.db.customer.count({ where: { shopifyId: "8201" } })).toBe(1);
  });

  it("a late uninstall from before a reinstall leaves the reinstalled shop alone", async () => {
    await t.db.shop.update({ where: { domain: SHOP }, data: { uninstalledAt: null, installedAt: new Date("2026-03-03T00:00:00Z") } });
    await deliver("app/uninstalled", { id: 548380009 }, new Date("2026-03-02T00:00:00Z"));
    expect((await t.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).uninstalledAt).toBeNull();
  });
});

describe("privacy requests", () => {
  it("customers/redact erases the person, their orders, checkouts, coupons and messages", async () => {
    await deliver("customers/create", { id: "8300", email: "gone@example.com", created_at: "2026-03-03T01:00:00Z" });
    await deliver("checkouts/create", { token: "tok-r", email: "gone@example.com", created_at: "2026-03-03T02:00:00Z", customer: { id: "8300" } });
    await deliver("orders/create", order("5300", { email: "gone@example.com", customer: { id: "8300", email: "gone@example.com" } }));
    await t.db.suppression.create({ data: { shop: SHOP, email: "gone@example.com", reason: "unsubscribed", createdAt: NOW } });
    expect(await t.db.message.count({ where: { email: "gone@example.com" } })).toBeGreaterThan(0);

    await deliver("customers/redact", { customer: { id: 8300, email: "gone@example.com" }, orders_to_redact: [5300] });

    const where = { shop: SHOP };
    expect(await t.db.customer.count({ where: { ...where, shopifyId: "8300" } })).toBe(0);
    expect(await t.db.order.count({ where: { ...where, shopifyId: "5300" } })).toBe(0);
    expect(await t.db.checkout.count({ where: { ...where, token: "tok-r" } })).toBe(0);
    expect(await t.db.message.count({ where: { ...where, email: "gone@example.com" } })).toBe(0);
    expect(await t.db.suppression.count({ where: { ...where, email: "gone@example.com" } })).toBe(0);
    expect(await t.db.customer.count({ where: { ...where, shopifyId: "8001" } })).toBe(1);
  });

  it("shop/redact leaves nothing of the shop behind", async () => {
    await deliver("shop/redact", { shop_id: 954889, shop_domain: SHOP });
    for (const count of [
      t.db.shop.count({ where: { domain: SHOP } }),
      t.db.customer.count({ where: { shop: SHOP } }),
      t.db.order.count({ where: { shop: SHOP } }),
      t.db.checkout.count({ where: { shop: SHOP } }),
      t.db.coupon.count({ where: { shop: SHOP } }),
      t.db.message.count({ where: { shop: SHOP } }),
      t.db.scenarioSetting.count({ where: { shop: SHOP } }),
    ]) {
      expect(await count).toBe(0);
    }
  });
});
