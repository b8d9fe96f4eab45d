import { describe, expect, it } from "vitest";
import { evaluateEligibility, type EligibilityInput } from "~/domain/eligibility";
import { DEFAULT_PRIORITY, SCENARIOS, scenarioSettings } from "~/domain/scenarios";
import { planShopperReminder, weekOf } from "~/domain/shopper-reminders";
import type { ScenarioKey } from "~/domain/types";

const at = (iso: string) => new Date(iso);
const SHOP = "s.myshopify.com";
const ctx = (off: ScenarioKey[] = []) => ({ shop: SHOP, enabled: (k: ScenarioKey) => !off.includes(k), settings: <K extends "browse-abandonment" | "cart-abandonment">(k: K) => scenarioSettings(k, {}) });
const view = { type: "product_viewed" as const, customerShopifyId: "7", email: "Ana@Example.com", productId: "41", at: at("2026-03-04T08:00:00Z") };

describe("browse and cart reminders", () => {
  it("plan one reminder per customer, product and week (weeks start on Monday, UTC)", () => {
    expect(weekOf(at("2026-03-04T08:00:00Z"))).toBe("2026-03-02");
    expect(weekOf(at("2026-03-08T23:59:59Z"))).toBe("2026-03-02");
    expect(weekOf(at("2026-03-09T00:00:00Z"))).toBe("2026-03-09");
    const [plan] = planShopperReminder(view, ctx());
    expect(plan).toMatchObject({ type: "plan", message: { scenario: "browse-abandonment", key: `${SHOP}:browse-abandonment:customer:7:product:41:week:2026-03-02:0`, email: "ana@example.com", productShopifyId: "41", runAt: at("2026-03-04T12:00:00Z") } });
    const [cart] = planShopperReminder({ ...view, type: "product_added_to_cart" }, ctx());
    expect(cart).toMatchObject({ message: { scenario: "cart-abandonment", runAt: at("2026-03-04T10:00:00Z") } });
    expect(planShopperReminder(view, ctx(["browse-abandonment"]))).toEqual([]);
  });

  it("are skipped, with the reason, once the shopper moved on", () => {
    const input = (scenario: ScenarioKey, shopper: EligibilityInput["shopper"], orderedSinceTrigger = false): EligibilityInput => ({
      now: at("2026-03-04T12:00:00Z"),
      scenario,
      step: 0,
      runAt: at("2026-03-04T12:00:00Z"),
      triggeredAt: at("2026-03-04T08:00:00Z"),
      settings: SCENARIOS[scenario].defaults as EligibilityInput["settings"],
      scenarioEnabled: true,
      shop: { installed: true, senderReady: true, policy: { timezone: "UTC", quietHours: null, budget: { minGapHours: 16, maxPer7Days: 3 }, priority: DEFAULT_PRIORITY } },
      recipient: { email: "ana@example.com", consent: "subscribed", checkoutAcceptsMarketing: null, suppressed: null },
      customer: { ordersCount: 1 },
      firstTimeBuyerConfirmed: null,
      checkout: null,
      orderedSinceTrigger,
      coupon: null,
      order: null,
      recentSends: [],
      audience: null,
      previous: null,
      shopper,
    });
    const none = { checkoutStartedAt: null, addedToCartAt: null, remindedAt: null };
    const reason = (i: EligibilityInput) => {
      const v = evaluateEligibility(i);
      return v.action === "skip" ? v.reason : v.action;
    };
    expect(reason(input("browse-abandonment", none))).toBe("send");
    expect(reason(input("browse-abandonment", none, true))).toBe("ordered_since");
    expect(reason(input("browse-abandonment", { ...none, checkoutStartedAt: at("2026-03-04T09:00:00Z") }))).toBe("checkout_started");
    expect(reason(input("browse-abandonment", { ...none, addedToCartAt: at("2026-03-04T09:00:00Z") }))).toBe("added_to_cart");
    expect(reason(input("cart-abandonment", { ...none, addedToCartAt: at("2026-03-04T09:00:00Z") }))).toBe("send");
    expect(reason(input("cart-abandonment", { ...none, remindedAt: at("2026-03-01T12:00:00Z") }))).toBe("recently_reminded");
    expect(reason({ ...input("cart-abandonment", none), now: at("2026-03-05T12:00:01Z") })).toBe("no_longer_relevant");
  });
});
