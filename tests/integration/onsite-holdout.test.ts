// The modal's holdout and its report, on a real database through the real proxy handler: many visitors
// ask /offer with a holdout share set, the storefront records what it showed, visitors reveal codes,
// sign up and order, and the exit-intent report shows those figures and compares the two groups.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleProxyRequest, type ProxyDeps } from "~/.server/channels/onsite/handler";
import { CLIENT_IP_HEADER } from "~/.server/http/client-ip";
import { scenarioDetail, scenarioSummaries } from "~/.server/measurement/report";
import { createFakeAdminApi } from "~/.server/shopify/fake-admin";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { applyEvents } from "~/.server/webhooks/apply";
import { visitorInHoldout } from "~/domain/attribution";
import type { OrderFacts } from "~/domain/types";
import { createTestDb, type TestDb } from "../support/db";
import { mulberry32 } from "../support/random";
import { noSignupMail } from "../support/signup-mail";

const SHOP = DEMO_SHOP;
const HOUR = 3_600_000;
const T = new Date("2026-03-02T12:00:00Z");
const at = (hours: number) => new Date(T.getTime() + hours * HOUR);
const VISITORS = 240;
const SHARE = 25;

let t: TestDb;
let clock = T.getTime();
let deps: ProxyDeps;

type Visitor = { v: string; customer: string | null; ip: string };
type Answer = { show: boolean; reason?: string; token?: string };

/** The storefront's requests, each from its own address: the daily per-address code cap is not under test. */
async function call(endpoint: string, who: Visitor, body: Record<string, unknown> = {}) {
  const query = new URLSearchParams({ v: who.v, c: "1", ...(who.customer ? { logged_in_customer_id: who.customer } : {}) });
  const url = `https://crm.example/proxy/${endpoint}?${query}`;
  const headers = { [CLIENT_IP_HEADER]: who.ip };
  const request =
    endpoint === "offer"
      ? new Request(url, { method: "GET", headers })
      : new Request(url, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify({ v: who.v, c: "1", ...body }) });
  return handleProxyRequest(request, endpoint, deps);
}

let seq = 0;
function order(over: Partial<OrderFacts>): OrderFacts {
  const id = `hold-o${++seq}`;
  return {
    shopifyId: id,
    name: `#${id}`,
    checkoutToken: null,
    customer: null,
    email: null,
    acceptsMarketing: false,
    discountCodes: [],
    productShopifyId: null,
    total: { cents: 5000, currency: "USD" },
    financialStatus: "paid",
    placedAt: at(24),
    updatedAt: at(24),
    cancelledAt: null,
    ...over,
  };
}
const place = (o: OrderFacts) => t.db.$transaction((tx) => applyEvents(tx, SHOP, [{ kind: "OrderPlaced", at: o.placedAt, order: o }]));
const customer = (shopifyId: string) => ({ shopifyId, email: null, firstName: null, lastName: null, locale: null, createdAt: null, updatedAt: null });

const visitors: Visitor[] = Array.from({ length: VISITORS }, (_, i) => ({
  v: `holdout-visitor-${i.toString().padStart(3, "0")}`,
  // Every third visitor is logged in: only they can be followed to an order in both groups.
  customer: i % 3 === 0 ? String(70_000 + i) : null,
  ip: `10.${Math.floor(i / 200)}.${i % 200}.1`,
}));
const heldOutExpected = visitors.filter((x) => visitorInHoldout(SHOP, "exit-intent", { visitorId: x.v, customerShopifyId: x.customer }, SHARE));
const answers = new Map<string, Answer>();

beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, at(-24 * 30));
  // The demo shop holds out nobody; the modal's own share is what applies.
  await t.db.scenarioSetting.update({ where: { shop_scenario: { shop: SHOP, scenario: "exit-intent" } }, data: { holdoutPercent: SHARE } });
  await t.db.shop.update({ where: { domain: SHOP }, data: { signupOptIn: "single" } });
  deps = {
    db: t.db,
    admin: createFakeAdminApi({ orderCount: async () => 0 }),
    secret: "holdout-secret",
    random: mulberry32(7),
    limiter: { allow: async () => true },
    signupMail: noSignupMail,
    verify: async (request) => ({ ok: true, shop: SHOP, customerShopifyId: new URL(request.url).searchParams.get("logged_in_customer_id") }),
    now: () => new Date(clock),
  };
  for (const x of visitors) {
    clock += 1_000;
    answers.set(x.v, (await (await call("offer", x)).json()) as Answer);
  }
});
afterAll(() => t?.close());

const shown = () => visitors.filter((x) => answers.get(x.v)?.show);
const heldOut = () => visitors.filter((x) => answers.get(x.v)?.reason === "holdout");

describe("the modal's holdout", () => {
  it("shows nothing to the visitors in the share, the same ones on every request, and records each decision once per session", async () => {
    // Enough on both sides for the comparison below to mean something.
    expect(heldOutExpected.length).toBeGreaterThan(VISITORS * 0.15);
    expect(heldOutExpected.length).toBeLessThan(VISITORS * 0.35);
    expect(heldOut().map((x) => x.v)).toEqual(heldOutExpected.map((x) => x.v));
    expect(shown()).toHaveLength(VISITORS - heldOutExpected.length);
    for (const x of heldOut()) expect(answers.get(x.v)).toEqual({ show: false, reason: "holdout" });
    for (const x of shown()) expect(answers.get(x.v)).toMatchObject({ show: true, offer: { kind: "first-order" }, token: expect.any(String) });

    // The same held-out visitor asks again in the same session: the same answer, nothing new recorded.
    const again = heldOut()[0];
    clock += 60_000;
    expect(await (await call("offer", again)).json()).toEqual({ show: false, reason: "holdout" });
    expect(await t.db.onsiteEvent.count({ where: { type: "holdout" } })).toBe(heldOutExpected.length);
    expect(await t.db.onsiteEvent.count({ where: { type: "offer" } })).toBe(shown().length);
    const logged = await t.db.onsiteEvent.findFirstOrThrow({ where: { type: "holdout", customerShopifyId: { not: null } } });
    expect(logged).toMatchObject({ shop: SHOP, scenario: "exit-intent", offerKind: "first-order" });

    // Without the offer's token there is no code to reveal.
    expect((await call("reveal", again, { offer: "first-order" })).status).toBe(403);
    expect(await t.db.coupon.count()).toBe(0);
  });

  it("reports impressions, dismissals, reveals, signups, code uses and orders, and compares logged-in visitors with the holdout", async () => {
    const anonymous = shown().filter((x) => !x.customer);
    const loggedIn = shown().filter((x) => x.customer);
    const heldLoggedIn = heldOut().filter((x) => x.customer);
    const heldAnonymous = heldOut().filter((x) => !x.customer);
    expect(loggedIn.length).toBeGreaterThan(20);
    expect(heldLoggedIn.length).toBeGreaterThan(5);

    // The storefront opens the modal for everyone it was offered to; every fifth closes it.
    for (const [i, x] of shown().entries()) {
      clock += 1_000;
      expect((await call("event", x, { type: "impression", offer: "first-order" })).status).toBe(204);
      if (i % 5 === 0) expect((await call("event", x, { type: "dismiss", offer: "first-order" })).status).toBe(204);
    }
    const dismissals = shown().filter((_, i) => i % 5 === 0).length;

    // Six anonymous and four logged-in visitors reveal their code; two of the anonymous ones sign up.
    const codes = new Map<string, string>();
    for (const x of [...anonymous.slice(0, 6), ...loggedIn.slice(0, 4)]) {
      const res = await call("reveal", x, { offer: "first-order", token: answers.get(x.v)!.token });
      expect(res.status).toBe(200);
      codes.set(x.v, ((await res.json()) as { code: string }).code);
    }
    const signedUp: string[] = [];
    for (const [i, x] of anonymous.slice(0, 2).entries()) {
      const res = await call("signup", x, { email: `signup${i}@example.com`, consent: true });
      expect(await res.json()).toEqual({ ok: true });
      const event = await t.db.onsiteEvent.findFirstOrThrow({ where: { type: "signup", visitorId: x.v } });
      expect(event.customerShopifyId).not.toBeNull();
      signedUp.push(event.customerShopifyId!);
    }

    // Orders, a day later.
    // Code uses: three anonymous revealers, and two logged-in ones (their account is on the order too).
    for (const x of anonymous.slice(0, 3)) await place(order({ discountCodes: [codes.get(x.v)!], total: { cents: 3000, currency: "USD" } }));
    for (const x of loggedIn.slice(0, 2)) await place(order({ customer: customer(x.customer!), discountCodes: [codes.get(x.v)!], total: { cents: 4000, currency: "USD" } }));
    // Logged-in visitors shown the modal who ordered without its code.
    for (const x of loggedIn.slice(4, 10)) await place(order({ customer: customer(x.customer!) }));
    // One who ordered before the modal ever opened: not an order after it.
    await place(order({ customer: customer(loggedIn[10].customer!), placedAt: at(-24), updatedAt: at(-24) }));
    // A visitor who signed up through the modal orders without the code.
    await place(order({ customer: customer(signedUp[0]) }));
    // Logged-in held-out visitors who ordered anyway.
    for (const x of heldLoggedIn.slice(0, 3)) await place(order({ customer: customer(x.customer!) }));
    // An anonymous held-out visitor's order: nothing ties it to the visitor, so it counts nowhere.
    expect(heldAnonymous.length).toBeGreaterThan(0);
    await place(order({ email: "someone@example.com" }));

    const now = at(48);
    const detail = await scenarioDetail(t.db, SHOP, "exit-intent", now);
    const codeOrders = 5;
    const orders = codeOrders + 6 + 1;
    expect(detail.onsite).toEqual({
      impressions: shown().length,
      dismissals,
      reveals: 10,
      signups: 2,
      codeUses: codeOrders,
      orders,
      ordersRevenueCents: 3 * 3000 + 2 * 4000 + 7 * 5000,
      ordersCurrency: "USD",
      offeredVisitors: shown().length,
      heldOutVisitors: heldOutExpected.length,
      loggedIn: {
        offered: { customers: loggedIn.length, ordered: 2 + 6, rate: 8 / loggedIn.length },
        heldOut: { customers: heldLoggedIn.length, ordered: 3, rate: 3 / heldLoggedIn.length },
        lift: expect.closeTo(8 / loggedIn.length - 3 / heldLoggedIn.length, 10),
      },
    });
    expect(detail).toMatchObject({ opens: shown().length, clicks: 10, unsubscribes: 0, couponUses: codeOrders, conversions: orders, revenueCents: 3 * 3000 + 2 * 4000, currency: "USD" });
    // The KPI counts orders by the modal's code: the holdout has its size there, and no rate.
    expect(detail.kpi).toMatchObject({ numerator: codeOrders, denominator: shown().length, holdoutSize: heldOutExpected.length, holdoutRate: null, lift: null });
    expect(detail.trend.at(-1)).toMatchObject({ sent: shown().length, conversions: codeOrders });

    const summary = (await scenarioSummaries(t.db, SHOP, now)).find((s) => s.scenario === "exit-intent")!;
    expect(summary.kpi).toEqual(detail.kpi);
    expect(summary.week).toMatchObject({ sent: shown().length, skipped: heldOutExpected.length });
  });

  it("keeps a visitor who has seen the modal out of the holdout when the share is raised", async () => {
    await t.db.scenarioSetting.update({ where: { shop_scenario: { shop: SHOP, scenario: "exit-intent" } }, data: { holdoutPercent: 100 } });
    clock = at(3).getTime(); // a new session
    // An anonymous visitor who saw the modal, did not close it and revealed no code.
    const seen = shown().filter((x, i) => !x.customer && i % 5 !== 0).at(-1)!;
    expect(await (await call("offer", seen)).json()).toMatchObject({ show: true });
    const newcomer: Visitor = { v: "holdout-newcomer-1", customer: null, ip: "10.9.9.9" };
    expect(await (await call("offer", newcomer)).json()).toEqual({ show: false, reason: "holdout" });
  });

  it("falls back to the shop's share when the modal has none of its own", async () => {
    await t.db.scenarioSetting.update({ where: { shop_scenario: { shop: SHOP, scenario: "exit-intent" } }, data: { holdoutPercent: null } });
    await t.db.shop.update({ where: { domain: SHOP }, data: { holdoutPercent: 100 } });
    const first: Visitor = { v: "shop-share-visitor-1", customer: null, ip: "10.9.9.10" };
    expect(await (await call("offer", first)).json()).toEqual({ show: false, reason: "holdout" });
    await t.db.shop.update({ where: { domain: SHOP }, data: { holdoutPercent: 0 } });
    const second: Visitor = { v: "shop-share-visitor-2", customer: null, ip: "10.9.9.11" };
    expect(await (await call("offer", second)).json()).toMatchObject({ show: true });
  });
});
