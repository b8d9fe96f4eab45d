// The pixel endpoint's contract on a real database: what is stored (a known customer with email
// consent, each event once, in the shop's time), what is quietly dropped (anyone else, with the same
// answer), and what is refused (malformed 400, wrong shop or key 401, too large 413, over a cap 429).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER } from "~/.server/http/client-ip";
import { PIXEL_BODY_LIMIT } from "~/.server/http/body-limit";
import { PIXEL_EVENTS_PER_SHOPPER_PER_DAY, PIXEL_REQUESTS_PER_ADDRESS_PER_DAY, pixelCapKeys } from "~/.server/pixel/caps";
import { receivePixelEvents } from "~/.server/pixel/receive";
import { purgeShopperEvents } from "~/.server/pixel/store";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { signTracking } from "~/.server/tracking/tokens";
import { createTestDb, type TestDb } from "../support/db";

const SECRET = "pixel-events-secret";
const T = new Date("2026-03-02T09:00:00Z");
const CONSENTING = "501";
const NOT_SUBSCRIBED = "502";
const UNSUBSCRIBED = "503";
const OTHER_SHOP = "other.myshopify.com";

let t: TestDb;
let key: string;
let now = T;
const deps = () => ({ db: t.db, secret: SECRET, now: () => now });

type Batch = Record<string, unknown>;
let n = 0;
const event = (over: Record<string, unknown> = {}) => ({ id: `sh-${++n}-8F2D-4CCA`, type: "product_viewed", at: T.toISOString(), productId: "41", variantId: "410", ...over });
const batch = (over: Batch = {}): Batch => ({ shop: DEMO_SHOP, key, customerId: CONSENTING, events: [event()], ...over });

function post(body: unknown, opts: { ip?: string; raw?: string; method?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const request = new Request("https://crm.example/pixel/events", {
    method: opts.method ?? "POST",
    headers: { "Content-Type": "text/plain;charset=UTF-8", [CLIENT_IP_HEADER]: opts.ip ?? "198.51.100.7", Origin: "https://demo-shop.example", ...opts.headers },
    ...(opts.method === "GET" || opts.method === "OPTIONS" ? {} : { body: opts.raw ?? JSON.stringify(body) }),
  });
  return receivePixelEvents(request, deps());
}

const stored = () => t.db.shopperEvent.findMany({ orderBy: { at: "asc" } });

beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
  key = (await t.db.shopPixel.findUniqueOrThrow({ where: { shop: DEMO_SHOP } })).key;
  await t.db.shop.create({ data: { domain: OTHER_SHOP, name: "Other", installedAt: T } });
  await t.db.shopPixel.create({ data: { shop: OTHER_SHOP, key: "other-shop-key-0123456789", status: "active", requestedAt: T } });
  for (const [shopifyId, emailConsent] of [[CONSENTING, "subscribed"], [NOT_SUBSCRIBED, "not_subscribed"], [UNSUBSCRIBED, "unsubscribed"]]) {
    await t.db.customer.create({ data: { shop: DEMO_SHOP, shopifyId, email: `c${shopifyId}@example.com`, emailConsent } });
  }
  // The same id in another shop consents there, not here.
  await t.db.customer.create({ data: { shop: OTHER_SHOP, shopifyId: NOT_SUBSCRIBED, email: "elsewhere@example.com", emailConsent: "subscribed" } });
});
afterAll(() => t.close());
beforeEach(async () => {
  now = T;
  await t.db.shopperEvent.deleteMany();
  await t.db.usageCounter.deleteMany();
  await t.db.message.deleteMany();
});

describe("POST /pixel/events", () => {
  it("stores a consenting customer's events with time, product and variant, and answers 204", async () => {
    const viewed = event();
    const added = event({ type: "product_added_to_cart", at: "2026-03-02T08:59:30.000Z", variantId: null });
    const res = await post(batch({ events: [viewed, added] }));
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await res.text()).toBe("");
    expect((await stored()).map(({ id: _id, ...row }) => row)).toEqual([
      { shop: DEMO_SHOP, eventId: added.id, customerShopifyId: CONSENTING, source: "customer", type: "product_added_to_cart", productId: "41", variantId: null, at: new Date("2026-03-02T08:59:30.000Z"), receivedAt: T },
      { shop: DEMO_SHOP, eventId: viewed.id, customerShopifyId: CONSENTING, source: "customer", type: "product_viewed", productId: "41", variantId: "410", at: T, receivedAt: T },
    ]);
  });

  it("stores each event once, however often it is sent", async () => {
    const same = event();
    for (let i = 0; i < 3; i++) expect((await post(batch({ events: [same, same] }))).status).toBe(204);
    expect(await stored()).toHaveLength(1);
  });

  it("keeps the shopper's time but never a time after arrival, and drops a day-old report", async () => {
    await post(batch({ events: [event({ at: "2030-01-01T00:00:00Z" }), event({ at: "2026-03-01T08:00:00Z" }), event({ at: "2026-03-02T08:00:00+09:00" })] }));
    expect((await stored()).map((e) => e.at.toISOString())).toEqual(["2026-03-01T23:00:00.000Z", T.toISOString()]);
  });

  it("keeps events for 30 days: the daily purge deletes older ones", async () => {
    await post(batch({ events: [event({ at: "2026-03-02T08:00:00Z" }), event({ at: "2026-03-01T10:00:00Z" })] }));
    expect(await purgeShopperEvents(t.db, new Date("2026-03-31T12:00:00Z"))).toBe(1);
    expect((await stored()).map((e) => e.at.toISOString())).toEqual(["2026-03-02T08:00:00.000Z"]);
  });

  it("answers 204 and stores nothing for a customer who is unknown, not subscribed, unsubscribed, or of another shop", async () => {
    for (const customerId of ["999999", NOT_SUBSCRIBED, UNSUBSCRIBED]) expect((await post(batch({ customerId }))).status).toBe(204);
    expect(await stored()).toEqual([]);
  });

  it("takes a visitor from our email by the signed reference, as the customer the email went to", async () => {
    const message = await t.db.message.create({
      data: { id: "msg-pixel-1", key: `${DEMO_SHOP}:welcome:customer:${CONSENTING}:0`, shop: DEMO_SHOP, scenario: "welcome", step: 0, about: `customer:${CONSENTING}`, email: `c${CONSENTING}@example.com`, triggeredAt: T, runAt: T, status: "sent", sentAt: T },
    });
    const ref = signTracking({ kind: "ref", messageId: message.id }, SECRET);
    expect((await post({ shop: DEMO_SHOP, key, ref, events: [event()] })).status).toBe(204);
    expect(await stored()).toEqual([expect.objectContaining({ customerShopifyId: CONSENTING, source: "email" })]);

    // A reference by email only (no customer id on the message) finds the customer by address.
    await t.db.message.update({ where: { id: message.id }, data: { customerShopifyId: null } });
    expect((await post({ shop: DEMO_SHOP, key, ref, events: [event()] })).status).toBe(204);
    expect(await stored()).toHaveLength(2);

    // Forged, of another kind, or for another shop: the same answer, nothing stored.
    const forged = `${ref.split(".")[0]}.${"A".repeat(22)}`;
    const click = signTracking({ kind: "click", messageId: message.id, url: "https://demo-shop.example/" }, SECRET);
    const open = signTracking({ kind: "open", messageId: message.id }, SECRET);
    for (const r of [forged, click, open, signTracking({ kind: "ref", messageId: "no-such-message" }, SECRET)]) expect((await post({ shop: DEMO_SHOP, key, ref: r, events: [event()] })).status).toBe(204);
    expect((await post({ shop: OTHER_SHOP, key: "other-shop-key-0123456789", ref, events: [event()] })).status).toBe(204);
    expect(await stored()).toHaveLength(2);
  });

  it("answers 401 for an unknown shop, a wrong key, another shop's key, or an uninstalled shop", async () => {
    expect((await post(batch({ shop: "nobody.myshopify.com" }))).status).toBe(401);
    expect((await post(batch({ key: `${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}` }))).status).toBe(401);
    expect((await post(batch({ key: "other-shop-key-0123456789" }))).status).toBe(401);
    await t.db.shop.update({ where: { domain: OTHER_SHOP }, data: { uninstalledAt: T } });
    expect((await post(batch({ shop: OTHER_SHOP, key: "other-shop-key-0123456789", customerId: NOT_SUBSCRIBED }))).status).toBe(401);
    await t.db.shop.update({ where: { domain: OTHER_SHOP }, data: { uninstalledAt: null } });
    expect(await stored()).toEqual([]);
  });

  it("answers 400 for anything but the batch it expects", async () => {
    const bad: [string, unknown][] = [
      ["not JSON", undefined],
      ["array", []],
      ["no identity", { shop: DEMO_SHOP, key, events: [event()] }],
      ["both identities", batch({ ref: "a.b" })],
      ["extra field", batch({ email: "c501@example.com" })],
      ["extra event field", batch({ events: [{ ...event(), title: "Harbour Blend" }] })],
      ["no events", batch({ events: [] })],
      ["21 events", batch({ events: Array.from({ length: 21 }, () => event()) })],
      ["unknown type", batch({ events: [event({ type: "checkout_completed" })] })],
      ["gid product", batch({ events: [event({ productId: "gid://shopify/Product/41" })] })],
      ["not a time", batch({ events: [event({ at: "yesterday" })] })],
      ["customer id as number", batch({ customerId: 501 })],
      ["customer id with letters", batch({ customerId: "501x" })],
      ["key too short", batch({ key: "abc" })],
      ["shop with a path", batch({ shop: "demo-shop.myshopify.com/admin" })],
      ["__proto__", JSON.parse(`{"__proto__":{"polluted":1},"shop":"${DEMO_SHOP}","key":"${key}","customerId":"501","events":[${JSON.stringify(event())}]}`)],
    ];
    for (const [why, body] of bad) {
      const res = await post(body, why === "not JSON" ? { raw: "{shop:" } : {});
      expect(res.status, why).toBe(400);
      expect(((await res.json()) as { error: string }).error, why).toBeTruthy();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await stored()).toEqual([]);
  });

  it("answers 413 past 16 KB, before reading the rest", async () => {
    const big = batch({ events: [event({ id: "x".repeat(PIXEL_BODY_LIMIT) })] });
    expect((await post(big)).status).toBe(413);
    expect((await post(null, { raw: "x", headers: { "Content-Length": String(PIXEL_BODY_LIMIT + 1) } })).status).toBe(413);
  });

  it("answers a preflight, and 405 to anything but POST", async () => {
    const preflight = await post(null, { method: "OPTIONS" });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Methods")).toBe("POST");
    expect((await post(null, { method: "GET" })).status).toBe(405);
  });

  it(`caps events per shopper (${PIXEL_EVENTS_PER_SHOPPER_PER_DAY}) a day, known or not, with the same answer`, async () => {
    const fill = async (customerId: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < PIXEL_EVENTS_PER_SHOPPER_PER_DAY / 20 + 2; i++) {
        statuses.push((await post(batch({ customerId, events: Array.from({ length: 20 }, () => event()) }), { ip: `198.51.100.${i}` })).status);
      }
      return statuses;
    };
    const known = await fill(CONSENTING);
    const unknown = await fill("424242");
    expect(known).toEqual(unknown);
    expect(known.filter((s) => s === 204)).toHaveLength(PIXEL_EVENTS_PER_SHOPPER_PER_DAY / 20);
    expect(known.at(-1)).toBe(429);
    expect(await t.db.shopperEvent.count({ where: { customerShopifyId: CONSENTING } })).toBe(PIXEL_EVENTS_PER_SHOPPER_PER_DAY);
    // A batch that straddles the cap stores only what fits; the next UTC day starts afresh.
    now = new Date("2026-03-03T00:00:01Z");
    await post(batch({ events: Array.from({ length: 15 }, () => event({ at: now.toISOString() })) }), { ip: "198.51.100.200" });
    expect(await t.db.shopperEvent.count({ where: { customerShopifyId: CONSENTING } })).toBe(PIXEL_EVENTS_PER_SHOPPER_PER_DAY + 15);
  });

  it(`caps requests per address (${PIXEL_REQUESTS_PER_ADDRESS_PER_DAY}) a day, per shop`, async () => {
    const ip = "203.0.113.9";
    // The address has made all but one of its requests today.
    await t.db.usageCounter.create({ data: { key: pixelCapKeys(DEMO_SHOP, T).address(ip), shop: DEMO_SHOP, count: PIXEL_REQUESTS_PER_ADDRESS_PER_DAY - 1, expiresAt: new Date("2026-03-03T00:00:00Z") } });
    expect((await post(batch(), { ip })).status).toBe(204);
    expect((await post(batch(), { ip })).status).toBe(429);
    expect((await post(batch(), { ip: "203.0.113.10" })).status).toBe(204);
    expect(await stored()).toHaveLength(2);
  });
});
