import { describe, expect, it } from "vitest";
import { SCENARIOS, DEFAULT_PRIORITY, scenarioSettings } from "~/domain/scenarios";
import type { ScenarioSettingsMap } from "~/domain/scenarios";
import { planCouponReminder, planForEvent } from "~/domain/triggers";
import type { PlanContext } from "~/domain/triggers";
import type { CheckoutFacts, CustomerFacts, DomainEvent, OrderFacts, PlanAction, ScenarioKey } from "~/domain/types";

const SHOP = "demo-shop.myshopify.com";
const at = (iso: string) => new Date(iso);

function context(opts: { off?: ScenarioKey[]; settings?: Partial<{ [K in ScenarioKey]: Partial<ScenarioSettingsMap[K]> }>; timezone?: string } & Partial<Pick<PlanContext, "customer" | "order">> = {}): PlanContext {
  return {
    shop: SHOP,
    policy: { timezone: opts.timezone ?? "UTC", quietHours: null, budget: { minGapHours: 16, maxPer7Days: 3 }, priority: DEFAULT_PRIORITY },
    enabled: (key) => !(opts.off ?? []).includes(key),
    settings: <K extends ScenarioKey>(key: K) => scenarioSettings(key, { ...SCENARIOS[key].defaults, ...opts.settings?.[key] }),
    customer: opts.customer ?? null,
    order: opts.order ?? null,
  };
}

const customer = (patch: Partial<CustomerFacts> = {}): CustomerFacts => ({
  shopifyId: "7001",
  email: "Ana@Example.com",
  firstName: "Ana",
  lastName: null,
  locale: "en",
  createdAt: at("2026-06-10T12:00:00Z"),
  updatedAt: at("2026-06-10T12:00:00Z"),
  ...patch,
});

const checkout = (patch: Partial<CheckoutFacts> = {}): CheckoutFacts => ({
  token: "tok123",
  email: "BUYER@example.com",
  customerShopifyId: "7001",
  firstName: "Ana",
  locale: "en",
  recoveryUrl: "https://demo-shop.myshopify.com/recover/tok123",
  acceptsMarketing: true,
  lineItems: [],
  total: { cents: 4200, currency: "USD" },
  createdAt: at("2026-06-10T12:00:00Z"),
  updatedAt: at("2026-06-10T12:05:00Z"),
  completedAt: null,
  ...patch,
});

const order = (patch: Partial<OrderFacts> = {}): OrderFacts => ({
  shopifyId: "9001",
  name: "#1001",
  checkoutToken: "tok123",
  customer: customer(),
  email: "Ana@Example.com",
  acceptsMarketing: true,
  discountCodes: [],
  productShopifyId: null,
  total: { cents: 4200, currency: "USD" },
  financialStatus: "paid",
  placedAt: at("2026-06-01T10:00:00Z"),
  updatedAt: at("2026-06-01T10:00:00Z"),
  cancelledAt: null,
  ...patch,
});

const plans = (actions: PlanAction[]) => actions.flatMap((a) => (a.type === "plan" ? [a.message] : []));

describe("signup → welcome", () => {
  const signup: DomainEvent = { kind: "CustomerSignedUp", at: at("2026-06-10T12:00:00Z"), customer: customer() };

  it("plans one welcome right away, addressed in lower case", () => {
    expect(planForEvent(signup, context())).toEqual([
      {
        type: "plan",
        message: {
          key: `${SHOP}:welcome:customer:7001:0`,
          scenario: "welcome",
          step: 0,
          about: "customer:7001",
          customerShopifyId: "7001",
          email: "ana@example.com",
          checkoutToken: null,
          orderShopifyId: null,
          couponCode: null,
          triggeredAt: at("2026-06-10T12:00:00Z"),
          runAt: at("2026-06-10T12:00:00Z"),
        },
      },
    ]);
  });
  it("gives the same key on a replayed webhook", () => {
    expect(planForEvent(signup, context())).toEqual(planForEvent(signup, context()));
  });
  it("still plans without an email, so the merchant later sees why nothing went out", () => {
    const [m] = plans(planForEvent({ ...signup, customer: customer({ email: null }) }, context()));
    expect(m.email).toBeNull();
  });
  it("plans nothing when welcome is off", () => {
    expect(planForEvent(signup, context({ off: ["welcome"] }))).toEqual([]);
  });
});

describe("consent → welcome", () => {
  const consent = (consent: "subscribed" | "not_subscribed", iso = "2026-06-10T12:01:00Z"): DomainEvent => ({
    kind: "ConsentChanged",
    at: at(iso),
    customerShopifyId: "7001",
    email: "ana@example.com",
    consent,
  });
  const known = { shopifyId: "7001", email: "ana@example.com", ordersCount: 0, signedUpAt: at("2026-06-10T12:00:00Z") };

  it("plans the signup's welcome key when consent arrives soon after signup", () => {
    const [m] = plans(planForEvent(consent("subscribed"), context({ customer: known })));
    expect(m.key).toBe(`${SHOP}:welcome:customer:7001:0`);
    expect(m.triggeredAt).toEqual(at("2026-06-10T12:00:00Z"));
    expect(m.runAt).toEqual(at("2026-06-10T12:01:00Z"));
  });
  it("does not welcome someone who signed up long ago", () => {
    expect(planForEvent(consent("subscribed", "2026-06-14T12:00:00Z"), context({ customer: known }))).toEqual([]);
  });
  it("plans nothing for a withdrawal, an unknown customer, or with welcome off", () => {
    expect(planForEvent(consent("not_subscribed"), context({ customer: known }))).toEqual([]);
    expect(planForEvent(consent("subscribed"), context())).toEqual([]);
    expect(planForEvent(consent("subscribed"), context({ customer: known, off: ["welcome"] }))).toEqual([]);
  });
});

describe("checkout started → cart recovery", () => {
  const started = (patch: Partial<CheckoutFacts> = {}): DomainEvent => ({ kind: "CheckoutStarted", at: at("2026-06-10T12:05:00Z"), checkout: checkout(patch) });

  it("plans one reminder per delay, measured from when the checkout was created", () => {
    const ms = plans(planForEvent(started(), context()));
    expect(ms.map((m) => [m.key, m.runAt.toISOString()])).toEqual([
      [`${SHOP}:cart-recovery:checkout:tok123:0`, "2026-06-10T13:00:00.000Z"],
      [`${SHOP}:cart-recovery:checkout:tok123:1`, "2026-06-11T12:00:00.000Z"],
    ]);
    expect(ms.every((m) => m.email === "buyer@example.com" && m.checkoutToken === "tok123")).toBe(true);
  });
  it("follows the merchant's delays", () => {
    const ms = plans(planForEvent(started(), context({ settings: { "cart-recovery": { delaysMinutes: [30, 180, 4320] } } })));
    expect(ms.map((m) => m.step)).toEqual([0, 1, 2]);
    expect(ms[2].runAt).toEqual(at("2026-06-13T12:00:00Z"));
  });
  it("plans nothing for a completed checkout, an anonymous one, or with the scenario off", () => {
    expect(planForEvent(started({ completedAt: at("2026-06-10T12:04:00Z") }), context())).toEqual([]);
    expect(planForEvent(started({ email: null }), context())).toEqual([]);
    expect(planForEvent(started(), context({ off: ["cart-recovery"] }))).toEqual([]);
  });
  it("falls back to the known customer's address", () => {
    const known = { shopifyId: "7001", email: "ana@example.com", ordersCount: 1, signedUpAt: null };
    expect(plans(planForEvent(started({ email: null }), context({ customer: known })))[0].email).toBe("ana@example.com");
  });
});

describe("fulfilment and delivery → post-delivery", () => {
  const fulfilled: DomainEvent = { kind: "OrderFulfilled", at: at("2026-06-01T12:00:00Z"), orderShopifyId: "9001", order: order() };

  it("estimates delivery from fulfilment plus transit time", () => {
    const [m] = plans(planForEvent(fulfilled, context()));
    expect(m.key).toBe(`${SHOP}:post-delivery:order:9001:0`);
    expect(m.runAt).toEqual(at("2026-06-08T12:00:00Z"));
    expect(m).toMatchObject({ orderShopifyId: "9001", email: "ana@example.com", customerShopifyId: "7001" });
  });
  it("uses a delivery already known instead of the estimate", () => {
    const ctx = context({ order: { shopifyId: "9001", email: null, customerShopifyId: "7001", fulfilledAt: null, deliveredAt: at("2026-06-02T09:00:00Z") } });
    expect(plans(planForEvent(fulfilled, ctx))[0].runAt).toEqual(at("2026-06-05T09:00:00Z"));
  });
  it("on delivery, plans the same key and moves an estimate to the real date", () => {
    const delivered: DomainEvent = { kind: "OrderDelivered", at: at("2026-06-03T15:00:00Z"), orderShopifyId: "9001" };
    const ctx = context({ order: { shopifyId: "9001", email: "Ana@Example.com", customerShopifyId: "7001", fulfilledAt: at("2026-06-01T12:00:00Z"), deliveredAt: null } });
    const actions = planForEvent(delivered, ctx);
    const key = `${SHOP}:post-delivery:order:9001:0`;
    expect(actions).toHaveLength(2);
    expect(actions[0]).toMatchObject({ type: "plan", message: { key, runAt: at("2026-06-06T15:00:00Z"), email: "ana@example.com" } });
    expect(actions[1]).toEqual({ type: "reschedule", key, runAt: at("2026-06-06T15:00:00Z"), triggeredAt: at("2026-06-03T15:00:00Z") });
  });
  it("plans nothing with post-delivery off", () => {
    expect(planForEvent(fulfilled, context({ off: ["post-delivery"] }))).toEqual([]);
    expect(planForEvent({ kind: "OrderDelivered", at: at("2026-06-03T15:00:00Z"), orderShopifyId: "9001" }, context({ off: ["post-delivery"] }))).toEqual([]);
  });
});

describe("a first order delivered → second-order nudge", () => {
  const fulfilled: DomainEvent = { kind: "OrderFulfilled", at: at("2026-06-01T12:00:00Z"), orderShopifyId: "9001", order: order() };
  const delivered: DomainEvent = { kind: "OrderDelivered", at: at("2026-06-03T15:00:00Z"), orderShopifyId: "9001" };
  const buyer = (ordersCount: number) => ({ shopifyId: "7001", email: "ana@example.com", ordersCount, signedUpAt: null });
  const known = { shopifyId: "9001", email: "Ana@Example.com", customerShopifyId: "7001", fulfilledAt: at("2026-06-01T12:00:00Z"), deliveredAt: null };
  const nudges = (actions: PlanAction[]) => plans(actions).filter((m) => m.scenario === "second-order");

  it("waits the estimated transit and 14 days from a first order's fulfilment", () => {
    const [m] = nudges(planForEvent(fulfilled, context({ customer: buyer(1) })));
    expect(m).toMatchObject({ key: `${SHOP}:second-order:order:9001:0`, orderShopifyId: "9001", email: "ana@example.com", customerShopifyId: "7001" });
    expect(m.triggeredAt).toEqual(at("2026-06-05T12:00:00Z"));
    expect(m.runAt).toEqual(at("2026-06-19T12:00:00Z"));
  });
  it("moves to 14 days after the real delivery", () => {
    const actions = planForEvent(delivered, context({ customer: buyer(1), order: known }));
    const key = `${SHOP}:second-order:order:9001:0`;
    expect(nudges(actions)[0]).toMatchObject({ key, runAt: at("2026-06-17T15:00:00Z") });
    expect(actions).toContainEqual({ type: "reschedule", key, runAt: at("2026-06-17T15:00:00Z"), triggeredAt: at("2026-06-03T15:00:00Z") });
  });
  it.each([
    ["a buyer with a second order", buyer(2)],
    ["a buyer we do not hold", null],
  ])("plans nothing for %s", (_label, who) => {
    expect(nudges(planForEvent(fulfilled, context({ customer: who })))).toEqual([]);
    expect(nudges(planForEvent(delivered, context({ customer: who, order: known })))).toEqual([]);
  });
  it("plans nothing when switched off, while the review request still goes", () => {
    const actions = planForEvent(delivered, context({ customer: buyer(1), order: known, off: ["second-order"] }));
    expect(nudges(actions)).toEqual([]);
    expect(plans(actions).map((m) => m.scenario)).toEqual(["post-delivery"]);
  });
});

describe("other events", () => {
  it.each<DomainEvent>([
    { kind: "OrderPlaced", at: at("2026-06-01T10:00:00Z"), order: order() },
    { kind: "CustomerUpdated", at: at("2026-06-01T10:00:00Z"), customer: customer() },
    { kind: "OrderCancelled", at: at("2026-06-01T10:00:00Z"), orderShopifyId: "9001", order: null },
    { kind: "AppUninstalled", at: at("2026-06-01T10:00:00Z") },
  ])("$kind plans nothing", (event) => {
    expect(planForEvent(event, context())).toEqual([]);
  });
});

describe("coupon reminder", () => {
  const coupon = { code: " welcome-abcd2345 ", endsAt: at("2026-06-24T06:00:00Z"), issuedAt: at("2026-06-10T12:00:00Z"), email: "Ana@Example.com", customerShopifyId: "7001" };

  it("goes out the day before the code ends, at 10:00 shop time", () => {
    const [m] = plans(planCouponReminder(coupon, context({ timezone: "Asia/Seoul" })));
    expect(m).toMatchObject({ key: `${SHOP}:coupon-expiry:coupon:WELCOME-ABCD2345:0`, couponCode: "WELCOME-ABCD2345", email: "ana@example.com" });
    // Ends 15:00 on June 24 in Seoul: reminded at 10:00 on June 23 in Seoul.
    expect(m.runAt).toEqual(at("2026-06-23T01:00:00Z"));
  });
  it("keeps 10:00 local across a DST change", () => {
    const nov = { ...coupon, endsAt: at("2026-11-02T20:00:00Z"), issuedAt: at("2026-10-20T12:00:00Z") };
    expect(plans(planCouponReminder(nov, context({ timezone: "America/New_York" })))[0].runAt).toEqual(at("2026-11-01T15:00:00Z"));
  });
  it("follows the merchant's timing, and falls back to 10:00 for a malformed time", () => {
    const custom = context({ settings: { "coupon-expiry": { daysBefore: 3, sendAt: "18:30" } } });
    expect(plans(planCouponReminder(coupon, custom))[0].runAt).toEqual(at("2026-06-21T18:30:00Z"));
    const broken = context({ settings: { "coupon-expiry": { sendAt: "6pm" } } });
    expect(plans(planCouponReminder(coupon, broken))[0].runAt).toEqual(at("2026-06-23T10:00:00Z"));
  });
  it("plans nothing for a code too short-lived to remind, or with the scenario off", () => {
    expect(planCouponReminder({ ...coupon, issuedAt: at("2026-06-23T11:00:00Z") }, context())).toEqual([]);
    expect(planCouponReminder(coupon, context({ off: ["coupon-expiry"] }))).toEqual([]);
  });
});
