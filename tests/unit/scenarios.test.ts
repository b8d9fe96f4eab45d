import { describe, expect, it } from "vitest";
import { messageKey, scenarioSettings } from "~/domain/scenarios";

describe("scenario catalogue", () => {
  it("merges merchant settings over defaults and drops values of the wrong type", () => {
    const s = scenarioSettings("cart-recovery", { delaysMinutes: [30], relevantForHours: "soon", step2When: "sometimes", step3When: "clicked", extra: 1 });
    expect(s).toEqual({ delaysMinutes: [30], relevantForHours: 12, step2When: "always", step3When: "clicked", respectQuietHours: true });
  });
  it("builds deterministic keys", () => {
    expect(messageKey("a.myshopify.com", "welcome", "customer:1", 0)).toBe("a.myshopify.com:welcome:customer:1:0");
  });
});
