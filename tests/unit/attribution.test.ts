import { describe, expect, it } from "vitest";
import { attributeOrder, holdoutBucket, inHoldout, type AttributionInput } from "~/domain/attribution";
import { goalsReachedByOrder } from "~/domain/kpi-goals";

const DAY = 86_400_000;
const placedAt = new Date("2026-03-10T12:00:00Z");
const ago = (days: number) => new Date(placedAt.getTime() - days * DAY);
const order = { orderId: "5001", placedAt, totalCents: 4200, currency: "USD" };
const input = (over: Partial<AttributionInput>): AttributionInput => ({ order, windowDays: 5, codes: [], clicks: [], holdouts: [], ...over });

describe("attributing an order", () => {
  it("credits the message whose code the order used, before any click", () => {
    const decision = attributeOrder(
      input({ codes: [{ code: "WELCOME-AB12", scenario: "welcome", messageId: "m-welcome" }], clicks: [{ messageId: "m-cart", scenario: "cart-recovery", lastClickedAt: ago(1) }] }),
    );
    expect(decision).toEqual({ via: "code", messageId: "m-welcome", scenario: "welcome" });
  });

  it("credits no message for a storefront code", () => {
    expect(attributeOrder(input({ codes: [{ code: "EXIT-1", scenario: "exit-intent", messageId: null }] }))).toEqual({ via: "onsite-code", scenario: "exit-intent" });
  });

  it("credits a click inside the window and nothing outside it", () => {
    expect(attributeOrder(input({ clicks: [{ messageId: "m1", scenario: "cart-recovery", lastClickedAt: ago(2) }] }))).toMatchObject({ via: "click", messageId: "m1" });
    expect(attributeOrder(input({ clicks: [{ messageId: "m1", scenario: "cart-recovery", lastClickedAt: ago(6) }] }))).toEqual({ via: "none" });
  });

  it("lets the last click win", () => {
    const clicks = [
      { messageId: "older", scenario: "welcome", lastClickedAt: ago(3) },
      { messageId: "later", scenario: "post-delivery", lastClickedAt: ago(1) },
    ];
    expect(attributeOrder(input({ clicks }))).toMatchObject({ via: "click", messageId: "later" });
  });

  it("credits a holdout member's order to the holdout message only when nothing was clicked", () => {
    const holdouts = [{ messageId: "h1", scenario: "welcome", sentAt: ago(2) }];
    expect(attributeOrder(input({ holdouts }))).toEqual({ via: "holdout", messageId: "h1", scenario: "welcome" });
    expect(attributeOrder(input({ holdouts: [{ messageId: "h1", scenario: "welcome", sentAt: ago(9) }] }))).toEqual({ via: "none" });
  });
});

describe("the holdout group", () => {
  it("puts a person in the same bucket every time, by customer id or by address in any case", () => {
    const a = holdoutBucket("s.myshopify.com", "welcome", { customerShopifyId: null, email: "Ada@Example.com" });
    expect(holdoutBucket("s.myshopify.com", "welcome", { customerShopifyId: null, email: "ada@example.com" })).toBe(a);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(100);
  });

  it("holds out about the configured share, everyone at 100 % and no one at 0 %", () => {
    const people = Array.from({ length: 4000 }, (_, i) => ({ customerShopifyId: String(7000 + i), email: null }));
    const held = people.filter((p) => inHoldout("s.myshopify.com", "cart-recovery", p, 10)).length;
    expect(held).toBeGreaterThan(300);
    expect(held).toBeLessThan(500);
    expect(people.every((p) => inHoldout("s.myshopify.com", "cart-recovery", p, 100))).toBe(true);
    expect(people.some((p) => inHoldout("s.myshopify.com", "cart-recovery", p, 0))).toBe(false);
  });
});

describe("KPI goals reached by an order", () => {
  const base = { checkoutToken: null, couponCode: null, step: 0 };
  it("counts a welcome within 7 days, a recovered checkout, a reminded code and a repeat order within 14 days", () => {
    const reached = goalsReachedByOrder({ placedAt, checkoutToken: "tok", codes: ["WELCOME-X"] }, [
      { ...base, messageId: "welcome-6d", scenario: "welcome", sentAt: ago(6) },
      { ...base, messageId: "welcome-8d", scenario: "welcome", sentAt: ago(8) },
      { ...base, messageId: "cart", scenario: "cart-recovery", sentAt: ago(1), checkoutToken: "tok" },
      { ...base, messageId: "cart-other", scenario: "cart-recovery", sentAt: ago(1), checkoutToken: "other" },
      { ...base, messageId: "expiry", scenario: "coupon-expiry", sentAt: ago(1), couponCode: "WELCOME-X" },
      { ...base, messageId: "delivery-13d", scenario: "post-delivery", sentAt: ago(13) },
      { ...base, messageId: "delivery-15d", scenario: "post-delivery", sentAt: ago(15) },
      { ...base, messageId: "after", scenario: "welcome", sentAt: new Date(placedAt.getTime() + DAY) },
    ]);
    expect(reached.sort()).toEqual(["cart", "delivery-13d", "expiry", "welcome-6d"]);
  });

  it("counts a win-back once, on its first step, for an order within 30 days of it", () => {
    const reached = goalsReachedByOrder({ placedAt, checkoutToken: null, codes: [] }, [
      { ...base, messageId: "step1-29d", scenario: "win-back", sentAt: ago(29) },
      { ...base, messageId: "step2", scenario: "win-back", step: 1, sentAt: ago(22) },
      { ...base, messageId: "other-step1-31d", scenario: "win-back", sentAt: ago(31) },
    ]);
    expect(reached).toEqual(["step1-29d"]);
  });
});
