// A script at the pixel endpoint: thousands of requests through the real handler on a real database,
// each with hostile parts (shops, keys, customer ids that exist or not, consent or not, forged, stolen
// and cross-shop email references, replayed and malformed events, extra keys, wrong methods, garbage
// and oversized bodies), most of them from one busy address. Then every accepted request is replayed,
// and twenty 50 MB bodies are streamed at it at once. Nothing answers 5xx; nothing is stored for a
// customer who is unknown in the shop or has no email consent; no event is stored twice or outside the
// time the shop allows; the caps hold; memory stays flat.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER } from "~/.server/http/client-ip";
import { PIXEL_BODY_LIMIT } from "~/.server/http/body-limit";
import { PIXEL_EVENTS_PER_SHOPPER_PER_DAY, PIXEL_REQUESTS_PER_ADDRESS_PER_DAY } from "~/.server/pixel/caps";
import { receivePixelEvents } from "~/.server/pixel/receive";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { signTracking } from "~/.server/tracking/tokens";
import { createTestDb, type TestDb } from "../support/db";

const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);
const REQUESTS = Number(process.env.FAULT_PIXEL_REQUESTS ?? 10_000);
const CONCURRENCY = 8;
const SECRET = "pixel-script-secret";
const T = new Date("2026-03-02T09:00:00Z");
const OTHER = "other-roastery.myshopify.com";
const GONE = "uninstalled.myshopify.com";
const HOT = "198.51.100.66";

/** Who may have events stored, per shop: known there, with email consent there. */
const CONSENTING: Record<string, string[]> = { [DEMO_SHOP]: ["7001", "7002", "7003", "7004", "7005"], [OTHER]: ["7101"] };
/** Known in the demo shop without consent (7101 consents in the other shop only). */
const WITHOUT_CONSENT = ["7101", "7102", "7103"];

let t: TestDb;
const keys: Record<string, string> = {};
const refs: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
  keys[DEMO_SHOP] = (await t.db.shopPixel.findUniqueOrThrow({ where: { shop: DEMO_SHOP } })).key;
  for (const [shop, uninstalledAt] of [[OTHER, null], [GONE, T]] as const) {
    keys[shop] = `${shop.split(".")[0].replace(/[^a-z]/g, "")}-pixel-key-0123456789`;
    await t.db.shop.create({ data: { domain: shop, name: shop, installedAt: T, uninstalledAt } });
    await t.db.shopPixel.create({ data: { shop, key: keys[shop], status: "active", requestedAt: T } });
  }
  const customers: [string, string, string][] = [
    ...CONSENTING[DEMO_SHOP].map((id): [string, string, string] => [DEMO_SHOP, id, "subscribed"]),
    [DEMO_SHOP, "7101", "not_subscribed"],
    [DEMO_SHOP, "7102", "unsubscribed"],
    [DEMO_SHOP, "7103", "pending"],
    [OTHER, "7101", "subscribed"],
    [GONE, "7001", "subscribed"],
  ];
  for (const [shop, shopifyId, emailConsent] of customers) await t.db.customer.create({ data: { shop, shopifyId, email: `${shopifyId}@${shop}`, emailConsent } });
  // Emails sent: one to a consenting customer, one to a customer without consent, one in the other shop.
  for (const [id, shop, customer] of [["m-consenting", DEMO_SHOP, "7001"], ["m-no-consent", DEMO_SHOP, "7102"], ["m-other", OTHER, "7101"]]) {
    await t.db.message.create({ data: { id, key: `${shop}:welcome:customer:${customer}:0`, shop, scenario: "welcome", step: 0, about: `customer:${customer}`, customerShopifyId: customer, email: `${customer}@${shop}`, triggeredAt: T, runAt: T, status: "sent", sentAt: T } });
    refs[id] = signTracking({ kind: "ref", messageId: id }, SECRET);
  }
  refs.forged = `${refs["m-consenting"].split(".")[0]}.${"A".repeat(22)}`;
  refs.open = signTracking({ kind: "open", messageId: "m-consenting" }, SECRET);
  refs.otherSecret = signTracking({ kind: "ref", messageId: "m-consenting" }, "someone-elses-secret");
});
afterAll(() => t?.close());

// ---- the script's parts -----------------------------------------------------------------------
const anyJson = fc.jsonValue({ maxDepth: 2 });
const digits = fc.bigInt({ min: 1n, max: 10n ** 20n - 1n }).map(String);
/** A small pool of event ids, so the same event keeps coming back (retries, replays, copies). */
const eventId = fc.oneof({ weight: 2, arbitrary: fc.uuid().map((u) => `sh-${u}`) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map((i) => `sh-replayed-${i}`) });
/** Well-formed times: mostly the last hour, some from a visitor's clock ahead, some more than a day old. */
const at = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -3_600_000, max: 0 }).map((ms) => new Date(T.getTime() + ms).toISOString()) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 10 ** 10 }).map((ms) => new Date(T.getTime() + ms).toISOString()) },
  { weight: 1, arbitrary: fc.integer({ min: 86_400_001, max: 10 ** 11 }).map((ms) => new Date(T.getTime() - ms).toISOString()) },
);
const goodEvent = fc.record(
  { id: eventId, type: fc.constantFrom("product_viewed", "product_added_to_cart"), at, productId: digits, variantId: fc.oneof(digits, fc.constant(null)) },
  { requiredKeys: ["id", "type", "at", "productId"] },
);
/** One part of an event wrong: its id, type, time, product or variant, or a key too many. */
const badEvent = fc.tuple(goodEvent, fc.constantFrom("id", "type", "at", "productId", "variantId", "title"), fc.oneof(fc.string({ maxLength: 200 }), anyJson, fc.constantFrom("checkout_completed", "2026-02-30T99:99:99Z", "gid://shopify/Product/41", "sh-has space"))).map(([e, field, value]) => ({ ...e, [field]: value }));
const events = fc.oneof(
  { weight: 8, arbitrary: fc.array(goodEvent, { minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.tuple(fc.array(goodEvent, { maxLength: 5 }), badEvent).map(([good, bad]) => [...good, bad]) },
  { weight: 1, arbitrary: fc.oneof(fc.array(goodEvent, { minLength: 21, maxLength: 25 }), fc.constant([]), anyJson) },
);
const shop = fc.oneof({ weight: 12, arbitrary: fc.constant(DEMO_SHOP) }, { weight: 2, arbitrary: fc.constant(OTHER) }, { weight: 1, arbitrary: fc.constant(GONE) }, { weight: 1, arbitrary: fc.oneof(fc.domain(), fc.string({ maxLength: 40 }), anyJson) });
const keyKind = fc.oneof({ weight: 12, arbitrary: fc.constant("own") }, { weight: 1, arbitrary: fc.constantFrom("another shop's", "mangled", "missing") }, { weight: 1, arbitrary: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/), anyJson) });
const customerId = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CONSENTING[DEMO_SHOP], "7101") },
  { weight: 3, arbitrary: fc.constantFrom(...WITHOUT_CONSENT) },
  { weight: 3, arbitrary: digits },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.string({ maxLength: 30 }), anyJson) },
);
const ref = fc.oneof({ weight: 3, arbitrary: fc.constantFrom("m-consenting", "m-no-consent", "m-other", "forged", "open", "otherSecret").map((k) => refs[k]) }, { weight: 1, arbitrary: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,60}\.[A-Za-z0-9_-]{1,30}$/), anyJson) });
const who = fc.oneof({ weight: 6, arbitrary: fc.record({ customerId }) }, { weight: 3, arbitrary: fc.record({ ref }) }, { weight: 1, arbitrary: fc.oneof(fc.record({ customerId, ref }), fc.constant({})) });

const request = fc.record({
  shop,
  key: keyKind,
  who,
  events,
  extras: fc.oneof({ weight: 9, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(fc.constantFrom("__proto__", "constructor", "email", "x"), anyJson, { maxKeys: 2 }) }),
  ip: fc.oneof({ weight: 5, arbitrary: fc.constant(HOT) }, { weight: 5, arbitrary: fc.oneof(fc.ipV4(), fc.ipV6()) }),
  method: fc.oneof({ weight: 30, arbitrary: fc.constant("POST") }, { weight: 1, arbitrary: fc.constantFrom("GET", "PUT", "DELETE", "OPTIONS") }),
  raw: fc.oneof({ weight: 25, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom("", "{", "[]", "null", "1e999", "\uFEFF{}")) }, { weight: 1, arbitrary: fc.integer({ min: PIXEL_BODY_LIMIT + 1, max: 4 * PIXEL_BODY_LIMIT }).map((n) => "x".repeat(n)) }),
  declareLength: fc.boolean(),
});
type Scripted = typeof request extends fc.Arbitrary<infer R> ? R : never;

function keyFor(r: Scripted): unknown {
  const own = typeof r.shop === "string" ? keys[r.shop] : undefined;
  switch (r.key) {
    case "own":
      return own ?? "unknown-shop-key-0123456789";
    case "another shop's":
      return r.shop === DEMO_SHOP ? keys[OTHER] : keys[DEMO_SHOP];
    case "mangled":
      return own ? `${own.slice(1)}x` : "x";
    case "missing":
      return undefined;
    default:
      return r.key;
  }
}

// ---- what happened ---------------------------------------------------------------------------
const statuses = new Map<number, number>();
const crashes: { status: number; body: string; request: unknown }[] = [];
/** Bodies answered 204, to replay; event ids taken per shop. */
const accepted: { body: string; ip: string }[] = [];
const takenIds = new Map<string, Set<string>>();
const answersByAddress = new Map<string, number>();

async function send(r: Scripted): Promise<void> {
  const payload = { ...r.extras, shop: r.shop, key: keyFor(r), ...r.who, events: r.events };
  const body = r.raw ?? JSON.stringify(payload);
  const headers: Record<string, string> = { "Content-Type": "text/plain;charset=UTF-8", [CLIENT_IP_HEADER]: r.ip };
  if (r.declareLength) headers["Content-Length"] = String(Buffer.byteLength(body));
  const withBody = r.method !== "GET";
  const response = await receivePixelEvents(new Request("https://crm.example/pixel/events", { method: r.method, headers, ...(withBody ? { body } : {}) }), { db: t.db, secret: SECRET, now: () => T });
  const text = await response.text();
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  if (response.status >= 500) crashes.push({ status: response.status, body: text, request: r });
  if (response.status === 204 && r.method === "POST") {
    accepted.push({ body, ip: r.ip });
    const shopIds = takenIds.get(String(r.shop)) ?? new Set<string>();
    for (const e of Array.isArray(r.events) ? r.events : []) if (e && typeof e === "object" && typeof (e as { id?: unknown }).id === "string") shopIds.add((e as { id: string }).id);
    takenIds.set(String(r.shop), shopIds);
    answersByAddress.set(`${String(r.shop)} ${r.ip}`, (answersByAddress.get(`${String(r.shop)} ${r.ip}`) ?? 0) + 1);
  }
}

/** A body that never ends on its own: `size` bytes of junk, made as it is read. */
function endless(size: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(120);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

describe(`a script at the pixel endpoint (seed ${SEED}, FAULT_SEED to replay)`, () => {
  it(`${REQUESTS.toLocaleString("en-US")} hostile requests, then every accepted one replayed: no 5xx, nothing outside the rules, caps hold`, async () => {
    const started = Date.now();
    const plan = fc.sample(request, { seed: SEED, numRuns: REQUESTS });
    for (let i = 0; i < plan.length; i += CONCURRENCY) await Promise.all(plan.slice(i, i + CONCURRENCY).map(send));
    console.log(`${plan.length} requests in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);

    expect(crashes.slice(0, 3), `${crashes.length} requests answered 5xx`).toEqual([]);
    // The script reached every answer the endpoint has, not only the checks in front of it.
    for (const status of [204, 400, 401, 405, 413, 429]) expect(statuses.get(status) ?? 0, `never answered ${status}`).toBeGreaterThan(0);

    const rows = await t.db.shopperEvent.findMany();
    expect(rows.length).toBeGreaterThan(0);
    // Only for a customer known in that shop with email consent there; from our email only as its recipient.
    const outside = rows.filter((r) => !CONSENTING[r.shop]?.includes(r.customerShopifyId));
    expect(outside.slice(0, 3)).toEqual([]);
    const recipients = new Set([`${DEMO_SHOP} 7001`, `${OTHER} 7101`]);
    expect(rows.filter((r) => r.source === "email" && !recipients.has(`${r.shop} ${r.customerShopifyId}`)).slice(0, 3)).toEqual([]);
    expect(rows.some((r) => r.source === "email")).toBe(true);
    // Each one an event the script sent to that shop and had taken, once, within the shop's time.
    expect(rows.filter((r) => !takenIds.get(r.shop)?.has(r.eventId)).slice(0, 3)).toEqual([]);
    expect(new Set(rows.map((r) => `${r.shop} ${r.eventId}`)).size).toBe(rows.length);
    expect(rows.filter((r) => r.at.getTime() > T.getTime() || T.getTime() - r.at.getTime() > 86_400_000).slice(0, 3)).toEqual([]);
    expect(rows.every((r) => /^\d{1,20}$/.test(r.productId) && (r.variantId === null || /^\d{1,20}$/.test(r.variantId)))).toBe(true);

    // Caps: events per shopper, requests per address (the busy one met its cap).
    const perShopper = new Map<string, number>();
    for (const r of rows) perShopper.set(`${r.shop} ${r.customerShopifyId}`, (perShopper.get(`${r.shop} ${r.customerShopifyId}`) ?? 0) + 1);
    expect(Math.max(...perShopper.values())).toBeLessThanOrEqual(PIXEL_EVENTS_PER_SHOPPER_PER_DAY);
    expect(Math.max(...answersByAddress.values())).toBeLessThanOrEqual(PIXEL_REQUESTS_PER_ADDRESS_PER_DAY);

    // The same requests again, as a replaying script would: nothing new is stored.
    const before = rows.length;
    for (let i = 0; i < accepted.length; i += CONCURRENCY) {
      await Promise.all(
        accepted.slice(i, i + CONCURRENCY).map(async ({ body }, j) => {
          const ip = `203.0.113.${(i + j) % 250}`;
          const res = await receivePixelEvents(new Request("https://crm.example/pixel/events", { method: "POST", headers: { [CLIENT_IP_HEADER]: ip }, body }), { db: t.db, secret: SECRET, now: () => T });
          expect([204, 429]).toContain(res.status);
        }),
      );
    }
    expect(await t.db.shopperEvent.count()).toBe(before);
  }, 300_000);

  it("twenty 50 MB bodies at once, declared or streamed without end: 413 each, memory flat", async () => {
    const deps = { db: t.db, secret: SECRET, now: () => T };
    global.gc?.();
    const before = process.memoryUsage().rss;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const size = 50 * 1024 * 1024;
        const headers: Record<string, string> = { [CLIENT_IP_HEADER]: HOT, ...(i % 2 ? { "Content-Length": String(size) } : {}) };
        return receivePixelEvents(new Request("https://crm.example/pixel/events", { method: "POST", headers, body: endless(size), duplex: "half" } as RequestInit), deps);
      }),
    );
    const after = process.memoryUsage().rss;
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(413));
    console.log(`RSS ${(before / 2 ** 20).toFixed(0)} MB before, ${(after / 2 ** 20).toFixed(0)} MB after 20 × 50 MB bodies`);
    expect(after - before).toBeLessThan(64 * 1024 * 1024);
  }, 60_000);
});
