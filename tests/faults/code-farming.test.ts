// A script farming exit-intent codes: 10,000 attempts, each with a fresh visitor id, from a handful of
// addresses, through the real proxy handler on a real database. Some follow the modal's protocol (ask
// /offer, then /reveal with its token), some skip /offer and post /reveal directly, some replay a
// token on another visitor. The codes issued never exceed the caps, every refused attempt is counted,
// and no code is half-written (each one stored is active at Shopify, and Shopify holds no other).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CODES_PER_ADDRESS_PER_DAY, refusalsSince } from "~/.server/channels/onsite/code-caps";
import { handleProxyRequest, type ProxyDeps } from "~/.server/channels/onsite/handler";
import { createRateLimiter } from "~/.server/channels/onsite/rate-limit";
import { CLIENT_IP_HEADER } from "~/.server/http/client-ip";
import { scenarioDetail } from "~/.server/measurement/report";
import { createFakeAdminApi, type FakeAdminApi } from "~/.server/shopify/fake-admin";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";
import { mulberry32 } from "../support/random";
import { noSignupMail } from "../support/signup-mail";

const ATTEMPTS = Number(process.env.FAULT_FARMING_ATTEMPTS ?? 10_000);
const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);
const ADDRESSES = ["198.51.100.10", "198.51.100.11", "203.0.113.50", "2001:db8::7"];
const PER_DAY = 8;
const T = new Date("2026-03-02T09:00:00Z");

let t: TestDb;
let admin: FakeAdminApi;

beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
  await t.db.shop.update({ where: { domain: DEMO_SHOP }, data: { anonymousCodesPerDay: PER_DAY } });
});
afterAll(() => t?.close());
afterEach(() => vi.useRealTimers());

describe(`code farming (seed ${SEED}, FAULT_SEED to replay)`, () => {
  it(`${ATTEMPTS.toLocaleString("en-US")} scripted reveals with fresh visitor ids never get past the caps`, async () => {
    const random = mulberry32(SEED);
    admin = createFakeAdminApi();
    let clock = T.getTime();
    // The request limits keep their windows by the process clock (rate-limiter-flexible stamps rows with
    // Date.now()): only Date is faked, and it follows the script's clock, so the drip below is as slow
    // for the limits as for the caps. Timers stay real for the database drivers.
    vi.useFakeTimers({ toFake: ["Date"] });
    const deps: ProxyDeps = {
      db: t.db,
      admin,
      secret: "farm-secret",
      random,
      limiter: createRateLimiter(t.db),
      signupMail: noSignupMail,
      // The signature is Shopify's to make and proxy-signature tests check it: here every request passes as the shop's.
      verify: async () => ({ ok: true, shop: DEMO_SHOP, customerShopifyId: null }),
      now: () => new Date(clock),
    };
    const call = (endpoint: string, ip: string, body: Record<string, string>) => {
      const url = `https://crm.example/proxy/${endpoint}${endpoint === "offer" ? `?${new URLSearchParams(body)}` : ""}`;
      const init: RequestInit =
        endpoint === "offer"
          ? { method: "GET", headers: { [CLIENT_IP_HEADER]: ip } }
          : { method: "POST", headers: { "Content-Type": "application/json", [CLIENT_IP_HEADER]: ip }, body: JSON.stringify(body) };
      return handleProxyRequest(new Request(url, init), endpoint, deps);
    };

    const answers = new Map<number, number>();
    let stolenToken: string | undefined;
    for (let i = 0; i < ATTEMPTS; i++) {
      clock += 2_000; // a steady drip: the per-minute rate limit is not what stops it
      vi.setSystemTime(clock);
      const ip = ADDRESSES[Math.floor(random() * ADDRESSES.length)];
      const v = `farm${i.toString(36).padStart(6, "0")}${Math.floor(random() * 1e6)}`;
      const style = random();
      let token: string | undefined;
      if (style < 0.6) {
        const offer = (await (await call("offer", ip, { v, c: "1" })).json()) as { token?: string };
        token = offer.token;
        if (token && !stolenToken) stolenToken = token;
      } else if (style < 0.8) token = stolenToken; // another visitor's token
      const reveal = await call("reveal", ip, { v, c: "1", offer: "first-order", ...(token ? { token } : {}) });
      answers.set(reveal.status, (answers.get(reveal.status) ?? 0) + 1);
    }
    const issued = answers.get(200) ?? 0;
    const refused = ATTEMPTS - issued;
    console.log(`${ATTEMPTS} attempts over ${((clock - T.getTime()) / 3_600_000).toFixed(1)} h: ${JSON.stringify(Object.fromEntries(answers))}`);

    // Never more than the caps: the shop's per day, and each address's per day.
    const days = Math.floor((clock - Date.UTC(2026, 2, 2)) / 86_400_000) + 1;
    expect(issued).toBeLessThanOrEqual(Math.min(PER_DAY, ADDRESSES.length * CODES_PER_ADDRESS_PER_DAY) * days);
    expect(issued).toBeGreaterThan(0);
    // Every refusal counted (429 over a cap, 403 without a valid token; 429 from the rate limit are not attempts at a code).
    expect([...answers.keys()].every((s) => s === 200 || s === 403 || s === 429)).toBe(true);
    expect(await refusalsSince(t.db, DEMO_SHOP, T, new Date(clock))).toBe(refused);
    // …and the merchant sees them on the exit-intent report.
    expect((await scenarioDetail(t.db, DEMO_SHOP, "exit-intent", new Date(clock))).codesRefused).toBe(refused);
    // Nothing half-written: every stored code is active and exists at Shopify, and Shopify has no other.
    const coupons = await t.db.coupon.findMany({ where: { shop: DEMO_SHOP, scenario: "exit-intent" } });
    expect(coupons).toHaveLength(issued);
    expect(coupons.every((c) => c.status === "active")).toBe(true);
    expect(admin.codes(DEMO_SHOP).sort()).toEqual(coupons.map((c) => c.code).sort());
  }, 600_000);
});
