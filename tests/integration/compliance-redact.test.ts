// customers/redact and shop/redact against every model Prisma knows: a person seeded through the
// webhook intake (and, where no webhook reaches, the app's own writes) leaves no trace afterwards.
import crypto from "node:crypto";
import { Prisma } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { erasedSuppressionKey } from "~/.server/compliance/suppression-key";
import { applyAllWaiting } from "~/.server/webhooks/take";
import { receiveWebhook, type WebhookIdentity } from "~/.server/webhooks/receive";
import { uriForTopic } from "~/.server/webhooks/topics";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import type { Db } from "~/db.server";
import { createTestDb, type TestDb } from "../support/db";

const SHOP = DEMO_SHOP;
const NOW = new Date("2026-03-01T12:00:00Z");

const PERSON = {
  id: "9876543210123",
  email: "Walk.Person@Example.com",
  firstName: "Wilhelmina",
  lastName: "Zzyzxwalker",
  phone: "+15550199447",
  street: "742 Evergreen Terrace",
  ip: "203.0.113.77",
  orderId: "5550001112223",
  token: "walk-checkout-token-77",
  visitor: "visitor-walk-31337",
};
/** What must not survive, as model.field would hold it. */
const NEEDLES = [PERSON.id, PERSON.email.toLowerCase(), PERSON.firstName, PERSON.lastName, PERSON.phone, PERSON.street, PERSON.ip, PERSON.orderId, PERSON.token, PERSON.visitor];
const OTHER = { id: "1111111", email: "stays@example.com" };

/** Models that never hold a shopper's data: a model added later must be seeded below or listed here. */
const NO_CUSTOMER_DATA = new Set(["Session", "Shop", "ScenarioSetting", "DispatcherLock", "Backfill", "UsageCounter", "RateLimiterFlexible", "ShopPixel", "ShopLogo", "VariantCard"]);
/** The app's own machinery, shared by every shop and holding nothing of any shop: nothing to erase. */
const NOT_PER_SHOP = new Set(["DispatcherLock"]);

async function authenticate(request: Request): Promise<WebhookIdentity> {
  const h = (name: string) => request.headers.get(name) ?? "";
  return { topic: h("X-Shopify-Topic"), shop: h("X-Shopify-Shop-Domain"), webhookId: h("X-Shopify-Webhook-Id"), triggeredAt: h("X-Shopify-Triggered-At") || undefined };
}

async function deliver(db: Db, topic: string, payload: unknown): Promise<string> {
  const uri = uriForTopic(topic);
  const request = new Request(new URL(uri, "https://app.example"), {
    method: "POST",
    headers: { "X-Shopify-Topic": topic, "X-Shopify-Shop-Domain": SHOP, "X-Shopify-Webhook-Id": crypto.randomUUID(), "X-Shopify-Triggered-At": NOW.toISOString() },
    body: JSON.stringify(payload),
  });
  const accept = [topic];
  const response = await receiveWebhook(request, { db, authenticate, now: () => NOW, acceptTopics: accept, log: () => {} });
  const { outcome } = (await response.json()) as { outcome: string };
  if (outcome !== "received") return outcome;
  const [applied] = await applyAllWaiting(db, { now: NOW, webhookIds: [request.headers.get("X-Shopify-Webhook-Id")!] });
  return applied.outcome;
}

const lowerFirst = (name: string) => name[0].toLowerCase() + name.slice(1);

/** Every string field of every row of every model that contains one of the needles, as "Model.field". */
async function findTraces(db: Db, needles: string[]): Promise<string[]> {
  const found = new Set<string>();
  const client = db as unknown as Record<string, { findMany(): Promise<Record<string, unknown>[]> }>;
  for (const model of Prisma.dmmf.datamodel.models) {
    const fields = model.fields.filter((f) => f.kind === "scalar" && f.type === "String").map((f) => f.name);
    for (const row of await client[lowerFirst(model.name)].findMany()) {
      for (const field of fields) {
        const value = row[field];
        if (typeof value !== "string") continue;
        for (const needle of needles) if (value.toLowerCase().includes(needle.toLowerCase())) found.add(`${model.name}.${field} (${needle})`);
      }
    }
  }
  return [...found].sort();
}

async function seedPerson(db: Db): Promise<void> {
  const customer = { id: Number(PERSON.id), email: PERSON.email, first_name: PERSON.firstName, last_name: PERSON.lastName, phone: PERSON.phone };
  expect(await deliver(db, "customers/create", { ...customer, created_at: "2026-03-01T10:00:00Z", updated_at: "2026-03-01T10:00:00Z" })).toBe("processed");
  await deliver(db, "customers_email_marketing_consent/update", {
    customer_id: Number(PERSON.id),
    email_address: PERSON.email,
    email_marketing_consent: { state: "subscribed", opt_in_level: "single_opt_in", consent_updated_at: "2026-03-01T10:01:00Z" },
  });
  expect(
    await deliver(db, "checkouts/create", {
      token: PERSON.token,
      email: PERSON.email,
      created_at: "2026-03-01T10:05:00Z",
      updated_at: "2026-03-01T10:05:00Z",
      customer: { id: Number(PERSON.id), email: PERSON.email, first_name: PERSON.firstName },
      billing_address: { first_name: PERSON.firstName, address1: PERSON.street, phone: PERSON.phone },
      abandoned_checkout_url: `https://shop.example/recover/${PERSON.token}`,
      line_items: [{ title: "Beans", quantity: 1, price: "12.00" }],
    }),
  ).toBe("processed");
  expect(
    await deliver(db, "orders/create", {
      id: Number(PERSON.orderId),
      email: PERSON.email,
      created_at: "2026-03-01T11:00:00Z",
      updated_at: "2026-03-01T11:00:00Z",
      financial_status: "paid",
      currency: "USD",
      total_price: "12.00",
      browser_ip: PERSON.ip,
      customer: customer,
      shipping_address: { address1: PERSON.street, phone: PERSON.phone },
      line_items: [{ title: "Beans", quantity: 1, price: "12.00", product_id: 41, variant_id: 410 }],
    }),
  ).toBe("processed");
  // A body the mappers cannot read is kept whole, with everything in it.
  expect(await deliver(db, "orders/create", { email: PERSON.email, browser_ip: PERSON.ip, customer, shipping_address: { address1: PERSON.street } })).toBe("unmappable");

  const message = await db.message.findFirstOrThrow({ where: { shop: SHOP, customerShopifyId: PERSON.id } });
  await db.message.update({ where: { id: message.id }, data: { status: "sent", sentAt: NOW, renderedSubject: `Welcome, ${PERSON.firstName}` } });
  await db.messageEvent.create({ data: { key: `open:${message.id}`, shop: SHOP, messageId: message.id, scenario: message.scenario, type: "open", at: NOW } });
  await db.messageEvent.create({
    data: { key: `conv:${message.id}`, shop: SHOP, messageId: message.id, scenario: message.scenario, type: "conversion", orderId: PERSON.orderId, revenueCents: 1200, at: NOW },
  });
  await db.coupon.create({
    data: {
      shop: SHOP, code: "WALK-10", scenario: "exit-intent", issueKey: `${SHOP}:exit-intent:visitor:${PERSON.visitor}:0`, email: PERSON.email.toLowerCase(),
      customerShopifyId: null, visitorId: PERSON.visitor, percentOff: 10, startsAt: NOW, endsAt: NOW, status: "active",
    },
  });
  await db.onsiteEvent.create({ data: { key: `imp:${PERSON.visitor}`, shop: SHOP, visitorId: PERSON.visitor, type: "impression", at: NOW } });
  await db.onsiteEvent.create({ data: { key: `reveal:${PERSON.visitor}`, shop: SHOP, visitorId: PERSON.visitor, type: "reveal", couponCode: "WALK-10", at: NOW } });
  await db.shopperEvent.create({ data: { id: "walk-viewed", shop: SHOP, eventId: "sh-walk-1", customerShopifyId: PERSON.id, source: "customer", type: "product_viewed", productId: "41", variantId: "410", at: NOW, receivedAt: NOW } });
  await db.suppression.create({ data: { shop: SHOP, email: PERSON.email.toLowerCase(), reason: "unsubscribed", createdAt: NOW } });
  await db.pendingSignup.create({
    data: { id: "pending-person", shop: SHOP, email: PERSON.email.toLowerCase(), visitorId: PERSON.visitor, addressDigest: "d", status: "confirmed", createdAt: NOW, expiresAt: NOW },
  });
}

async function seedOther(db: Db): Promise<void> {
  // The shop's own machinery, which shop/redact removes too.
  await db.backfill.create({ data: { shop: SHOP, status: "completed", requestedAt: NOW, customersImported: 2 } });
  await db.usageCounter.create({ data: { key: `codes:shop:${SHOP}:2026-03-01`, shop: SHOP, count: 1, expiresAt: NOW } });
  await db.shopLogo.create({ data: { shop: SHOP, sha256: "a".repeat(64), contentType: "image/png", bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]), createdAt: NOW } });
  await db.rateLimiterFlexible.create({ data: { key: `proxy-ip:|${SHOP}|digest`, points: 1, expire: NOW } });
  await db.pendingSignup.create({
    data: { id: "pending-other", shop: SHOP, email: OTHER.email, visitorId: "visitor-other", addressDigest: "d", status: "pending", createdAt: NOW, expiresAt: NOW },
  });
  await deliver(db, "customers/create", { id: Number(OTHER.id), email: OTHER.email, first_name: "Sam", created_at: "2026-03-01T09:00:00Z", updated_at: "2026-03-01T09:00:00Z" });
  await db.onsiteEvent.create({ data: { key: "imp:other", shop: SHOP, visitorId: "visitor-other", type: "impression", at: NOW } });
  await db.shopperEvent.create({ data: { id: "other-viewed", shop: SHOP, eventId: "sh-other-1", customerShopifyId: OTHER.id, source: "email", type: "product_added_to_cart", productId: "41", variantId: null, at: NOW, receivedAt: NOW } });
}

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
  await seedOther(t.db);
  await seedPerson(t.db);
});
afterAll(async () => t.close());

describe("customers/redact", () => {
  it("the seed reaches every model that can hold a shopper's data", async () => {
    const before = await findTraces(t.db, NEEDLES);
    const models = new Set(before.map((trace) => trace.split(".")[0]));
    const unclassified = Prisma.dmmf.datamodel.models.map((m) => m.name).filter((name) => !models.has(name) && !NO_CUSTOMER_DATA.has(name));
    expect(unclassified, "seed these models with the person, or list them as holding no customer data").toEqual([]);
  });

  it("leaves no field of any model holding the person's address, names, phone, street, ip or ids", async () => {
    expect(await deliver(t.db, "customers/redact", { shop_domain: SHOP, customer: { id: Number(PERSON.id), email: PERSON.email }, orders_to_redact: [Number(PERSON.orderId)] })).toBe("processed");
    expect(await findTraces(t.db, NEEDLES)).toEqual([]);
  });

  it("keeps everyone else, and the unsubscribe as a digest that still stops mail to the address", async () => {
    expect(await t.db.customer.count({ where: { shop: SHOP, shopifyId: OTHER.id } })).toBe(1);
    expect(await t.db.onsiteEvent.count({ where: { shop: SHOP, visitorId: "visitor-other" } })).toBe(1);
    expect(await t.db.shopperEvent.count({ where: { shop: SHOP, customerShopifyId: OTHER.id } })).toBe(1);
    const kept = await t.db.suppression.findMany({ where: { shop: SHOP } });
    expect(kept.map((s) => s.email)).toEqual([erasedSuppressionKey(SHOP, PERSON.email)]);
    const delivery = await t.db.webhookDelivery.findFirstOrThrow({ where: { shop: SHOP, outcome: "unmappable" } });
    expect(delivery.payload).toBeNull();
    expect(delivery.reason).toMatch(/erased by customers\/redact/);
  });

  it("a repeated request changes nothing more", async () => {
    const counts = async () => Promise.all([t.db.customer.count(), t.db.message.count(), t.db.suppression.count(), t.db.onsiteEvent.count()]);
    const before = await counts();
    await deliver(t.db, "customers/redact", { shop_domain: SHOP, customer: { id: Number(PERSON.id), email: PERSON.email }, orders_to_redact: [] });
    expect(await counts()).toEqual(before);
  });
});

describe("shop/redact", () => {
  it("leaves no row of the shop in any model", async () => {
    await deliver(t.db, "shop/redact", { shop_id: 1, shop_domain: SHOP });
    const client = t.db as unknown as Record<string, { count(args: unknown): Promise<number> }>;
    const left: string[] = [];
    for (const model of Prisma.dmmf.datamodel.models.filter((m) => !NOT_PER_SHOP.has(m.name))) {
      const key = model.fields.some((f) => f.name === "shop") ? "shop" : model.fields.some((f) => f.name === "domain") ? "domain" : null;
      // rate-limiter-flexible's table has only its key, which names the shop between bars.
      expect(key ?? (model.name === "RateLimiterFlexible" ? "key" : null), `${model.name} has no shop column to erase by`).not.toBeNull();
      // The shop/redact delivery itself is the record that the request was honoured.
      const where =
        model.name === "WebhookDelivery" ? { shop: SHOP, topic: { not: "shop/redact" } }
        : model.name === "RateLimiterFlexible" ? { key: { contains: `|${SHOP}|` } }
        : { [key!]: SHOP };
      const count = await client[lowerFirst(model.name)].count({ where });
      if (count > 0) left.push(`${model.name}: ${count}`);
    }
    expect(left).toEqual([]);
    expect(await findTraces(t.db, [OTHER.email, OTHER.id])).toEqual([]);
  });
});
