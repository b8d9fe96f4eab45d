// Fuzzing where the attacker stands: 10,000 requests against each app proxy endpoint (offer, event,
// reveal, signup), every one with a valid Shopify signature and hostile fields (visitor ids, consent
// flags, offer ids, stolen or forged tokens, emails, locales, extra keys, wrong types, other shops),
// through the real proxy handler, verifier and request limits, on a real database and a real SMTP
// server. Nothing answers 5xx, no code is issued without the token /offer gave that visitor or past
// the caps, no customer reaches Shopify from an anonymous signup (double opt-in), confirmation emails
// stay within their caps, and nothing is recorded for a visitor without consent or a shop not installed.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CODES_PER_ADDRESS_PER_DAY } from "~/.server/channels/onsite/code-caps";
import { handleProxyRequest, type ProxyDeps } from "~/.server/channels/onsite/handler";
import { CONFIRMATIONS_PER_ADDRESS_PER_DAY, CONFIRMATIONS_PER_IP_PER_DAY } from "~/.server/channels/onsite/pending-signup";
import { signAppProxyQuery, appProxySignature } from "~/.server/channels/onsite/proxy-signature";
import { createRateLimiter } from "~/.server/channels/onsite/rate-limit";
import { proxyVerifier } from "~/.server/channels/onsite/verify";
import { CLIENT_IP_HEADER } from "~/.server/http/client-ip";
import { createFakeAdminApi, type FakeAdminApi } from "~/.server/shopify/fake-admin";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";
import { startMailServer, type MailServer } from "../support/mail-server";

const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);
const PER_ENDPOINT = Number(process.env.FAULT_FUZZ_REQUESTS ?? 10_000);
const CONCURRENCY = 8;
const SECRET = "fuzz-proxy-secret";
const NOT_INSTALLED = "not-installed.myshopify.com";
const PER_DAY = 40;
const ENDPOINTS = ["offer", "event", "reveal", "signup"] as const;
type Endpoint = (typeof ENDPOINTS)[number];

let t: TestDb;
let mail: MailServer;
let admin: FakeAdminApi;
let deps: ProxyDeps;

beforeAll(async () => {
  [t, mail] = await Promise.all([createTestDb(), startMailServer()]);
  await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
  await t.db.shop.update({ where: { domain: DEMO_SHOP }, data: { anonymousCodesPerDay: PER_DAY } });
  admin = createFakeAdminApi();
  const now = () => new Date();
  deps = {
    db: t.db,
    admin,
    secret: SECRET,
    random: Math.random,
    limiter: createRateLimiter(t.db),
    signupMail: { transport: mail.transport, appUrl: "https://app.example", sender: (shop) => ({ from: { name: shop.name, address: "shops@crm.example" }, replyTo: null }) },
    // Shopify's signature, checked as the library checks it, and our timestamp window.
    verify: proxyVerifier(async (request) => {
      const query = new URL(request.url).searchParams;
      if (appProxySignature(query, SECRET) !== query.get("signature")) throw new Response(null, { status: 400 });
    }, now),
    now,
  };
});
afterAll(async () => {
  await mail?.close();
  await t?.close();
});

// ---- hostile fields --------------------------------------------------------------------------
const anyJson = fc.jsonValue({ maxDepth: 2 });
const shortText = fc.string({ maxLength: 80 });
/** Mostly well-formed visitor ids (fresh ones, as a farming script sends), sometimes anything. */
const visitorId = fc.oneof({ weight: 5, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) }, { weight: 1, arbitrary: fc.oneof(shortText, anyJson) });
const consentFlag = fc.oneof({ weight: 4, arbitrary: fc.constantFrom("1", "0") }, { weight: 1, arbitrary: fc.oneof(anyJson, shortText) });
const offerId = fc.oneof({ weight: 3, arbitrary: fc.constantFrom("first-order", "reminder") }, { weight: 1, arbitrary: fc.oneof(anyJson, shortText) });
const email = fc.oneof(fc.emailAddress(), fc.emailAddress().map((e) => ` ${e.toUpperCase()} `), shortText, anyJson, fc.constant("a@b"), fc.string({ maxLength: 300 }).map((s) => `${s}@example.com`));
const tokenKind = fc.constantFrom("own", "own", "stolen", "forged", "missing", "garbage");
const extras = fc.dictionary(fc.constantFrom("__proto__", "constructor", "shop", "logged_in_customer_id", "customer", "code", "percentOff", "x"), anyJson, { maxKeys: 3 });
/** Shopify signs whatever customer id it saw; the shop is ours, another installed one never. */
const shop = fc.oneof({ weight: 9, arbitrary: fc.constant(DEMO_SHOP) }, { weight: 1, arbitrary: fc.constant(NOT_INSTALLED) });
const customerId = fc.oneof({ weight: 6, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.oneof(fc.bigInt({ min: 1n, max: 2n ** 64n }).map(String), shortText) });
/** Many networks, so the per-address limits do not stop the fuzzing before it reaches the endpoints. */
const ip = fc.oneof(fc.ipV4(), fc.ipV6());

const fields = fc.record({
  shop,
  customerId,
  ip,
  v: visitorId,
  c: consentFlag,
  offer: offerId,
  token: tokenKind,
  type: fc.oneof(fc.constantFrom("impression", "dismiss"), anyJson),
  email,
  consent: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: anyJson }),
  locale: fc.oneof(fc.constantFrom("en", "ko", "ko-KR", "en-US"), shortText, anyJson),
  ref: fc.oneof(fc.constant(null), shortText),
  product: fc.oneof(fc.constant(null), shortText),
  extras,
  contentType: fc.oneof({ weight: 9, arbitrary: fc.constant("application/json") }, { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/json; charset=utf-8", "") }),
  /** Now and then a body that is not the JSON object the endpoint expects. */
  rawBody: fc.oneof({ weight: 19, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom("", "{", "[]", "null", '"x"', "1e999")) }),
});
type Fields = typeof fields extends fc.Arbitrary<infer T> ? T : never;

// ---- what the script learned and what it did -----------------------------------------------------
/** Tokens /offer handed out, by shop and visitor: the only way to a code. */
const given = new Map<string, string>();
/** JSON, not String(): a fuzzed object may carry a `toString` that is not a function, or no prototype at all. */
const givenKey = (s: string, v: unknown) => `${s}\u0000${JSON.stringify(v)}`;
let stolen: string | undefined;
const consentingVisitors = new Set<string>();
const statuses = new Map<string, number>();
const crashes: { endpoint: Endpoint; status: number; fields: Fields; body: string }[] = [];

function tokenFor(f: Fields): unknown {
  switch (f.token) {
    case "own":
      return given.get(givenKey(f.shop, f.v));
    case "stolen":
      return stolen;
    case "forged":
      return `${Buffer.from(JSON.stringify({ s: f.shop, v: f.v, o: "first-order", e: Date.now() + 60_000 })).toString("base64url")}.${"A".repeat(22)}`;
    case "garbage":
      return f.email;
    case "missing":
      return undefined;
  }
}

async function call(endpoint: Endpoint, f: Fields): Promise<void> {
  const input: Record<string, unknown> = { ...f.extras, v: f.v, c: f.c };
  if (endpoint === "offer") Object.assign(input, { ref: f.ref ?? undefined, product: f.product ?? undefined });
  if (endpoint === "event") Object.assign(input, { type: f.type, offer: f.offer });
  if (endpoint === "reveal") Object.assign(input, { offer: f.offer, token: tokenFor(f) });
  if (endpoint === "signup") Object.assign(input, { email: f.email, consent: f.consent, locale: f.locale, offer: f.offer });

  const query = new URLSearchParams();
  if (endpoint === "offer") for (const [key, value] of Object.entries(input)) if (value !== undefined) query.set(key, typeof value === "string" ? value : JSON.stringify(value));
  const signed = signAppProxyQuery(query, { shop: f.shop, loggedInCustomerId: f.customerId, pathPrefix: "/apps/crm", timestamp: new Date() }, SECRET);
  const url = `https://crm.example/proxy/${endpoint}?${signed}`;
  const body = f.rawBody ?? JSON.stringify(input);
  const request =
    endpoint === "offer"
      ? new Request(url, { headers: { [CLIENT_IP_HEADER]: f.ip } })
      : new Request(url, { method: "POST", headers: { "Content-Type": f.contentType, [CLIENT_IP_HEADER]: f.ip }, body });

  const res = await handleProxyRequest(request, endpoint, deps);
  const text = await res.text();
  const key = `${endpoint} ${res.status}`;
  statuses.set(key, (statuses.get(key) ?? 0) + 1);
  if (res.status >= 500) crashes.push({ endpoint, status: res.status, fields: f, body: text });
  // What the server saw: /offer's fields travel in the query string, where every value is text.
  const seen = (value: unknown) => (endpoint === "offer" && value !== undefined && typeof value !== "string" ? JSON.stringify(value) : value);
  if (seen(f.c) === "1" && typeof seen(f.v) === "string") consentingVisitors.add(givenKey(f.shop, seen(f.v)));
  if (endpoint === "offer" && res.status === 200) {
    const answer = JSON.parse(text) as { token?: string };
    if (answer.token) {
      given.set(givenKey(f.shop, f.v), answer.token);
      stolen ??= answer.token;
    }
  }
}

describe(`fuzzed app proxy requests (seed ${SEED}, FAULT_SEED to replay)`, () => {
  it(`${PER_ENDPOINT.toLocaleString("en-US")} signed, hostile requests per endpoint: no 5xx, no code or customer outside the rules`, async () => {
    const started = Date.now();
    // Offers first (as a page does before its modal asks for anything), then the rest interleaved.
    const plan: [Endpoint, Fields][] = [];
    const samples = (offset: number) => fc.sample(fields, { seed: SEED + offset, numRuns: PER_ENDPOINT });
    const offers = samples(0);
    // Half of the later requests reuse a visitor that asked /offer, so owned tokens get tried.
    const reuse = (f: Fields, i: number): Fields => (i % 2 === 0 ? { ...f, shop: offers[i % offers.length].shop, v: offers[i % offers.length].v, ip: offers[i % offers.length].ip } : f);
    for (const f of offers) plan.push(["offer", f]);
    const rest = (["event", "reveal", "signup"] as const).map((endpoint, k) => samples(k + 1).map((f, i): [Endpoint, Fields] => [endpoint, reuse(f, i)]));
    for (let i = 0; i < PER_ENDPOINT; i++) for (const list of rest) plan.push(list[i]);

    for (let i = 0; i < plan.length; i += CONCURRENCY) {
      await Promise.all(plan.slice(i, i + CONCURRENCY).map(([endpoint, f]) => call(endpoint, f)));
      if ((i / CONCURRENCY) % 1000 === 0 && i > 0) console.log(`  ${i.toLocaleString("en-US")} / ${plan.length.toLocaleString("en-US")} requests`);
    }
    console.log(`${plan.length} requests in ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);

    expect(crashes.slice(0, 3), `${crashes.length} requests answered 5xx`).toEqual([]);
    // The fuzzing reached the endpoints' own logic, not only the checks in front of them.
    for (const endpoint of ENDPOINTS) expect(statuses.get(`${endpoint} 200`) ?? statuses.get(`${endpoint} 204`) ?? 0, `${endpoint} never succeeded`).toBeGreaterThan(0);

    // Codes: only to a visitor that /offer gave a token to, never past the caps, none half-written.
    const coupons = await t.db.coupon.findMany({ where: { scenario: "exit-intent" } });
    expect(coupons.length).toBeGreaterThan(0);
    expect(coupons.filter((c) => c.shop !== DEMO_SHOP)).toEqual([]);
    const anonymous = coupons.filter((c) => !c.customerShopifyId);
    expect(anonymous.filter((c) => !given.has(givenKey(c.shop, c.visitorId)))).toEqual([]);
    // Caps are per UTC day: a run across midnight may fill two days' worth.
    const days = new Date().toISOString().slice(0, 10) === new Date(started).toISOString().slice(0, 10) ? 1 : 2;
    expect(anonymous.length).toBeLessThanOrEqual(PER_DAY * days);
    expect(coupons.every((c) => c.status === "active")).toBe(true);
    expect(admin.codes(DEMO_SHOP).sort()).toEqual(coupons.map((c) => c.code).sort());
    expect(CODES_PER_ADDRESS_PER_DAY).toBeGreaterThan(0);

    // No customer from an anonymous signup: double opt-in asks Shopify for nothing until a link is clicked.
    expect(admin.calls.filter((c) => c.op === "upsertCustomerWithConsent")).toEqual([]);
    expect(await t.db.customer.count()).toBe(0);
    // Confirmation emails: one per pending signup that was sent, within the per-address cap.
    const pending = await t.db.pendingSignup.findMany();
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.filter((p) => p.shop !== DEMO_SHOP)).toEqual([]);
    expect(mail.sink.received.length).toBe(pending.filter((p) => p.emailSentAt).length);
    const perAddress = new Map<string, number>();
    for (const p of pending) perAddress.set(p.email, (perAddress.get(p.email) ?? 0) + 1);
    expect(Math.max(...perAddress.values())).toBeLessThanOrEqual(CONFIRMATIONS_PER_ADDRESS_PER_DAY * days);
    const perNetwork = new Map<string, number>();
    for (const p of pending) perNetwork.set(p.addressDigest, (perNetwork.get(p.addressDigest) ?? 0) + 1);
    expect(Math.max(...perNetwork.values())).toBeLessThanOrEqual(CONFIRMATIONS_PER_IP_PER_DAY * days);

    // Storefront events only with the visitor's consent, and only for the installed shop.
    const events = await t.db.onsiteEvent.findMany({ select: { shop: true, visitorId: true } });
    expect(events.filter((e) => e.shop !== DEMO_SHOP)).toEqual([]);
    expect(events.filter((e) => !consentingVisitors.has(givenKey(e.shop, e.visitorId)))).toEqual([]);
  }, 900_000);
});
