import { describe, expect, it } from "vitest";
import { parseHoldout, parseScenarioSettings } from "~/.server/admin/scenario-form";
import { describeStoredReason } from "~/.server/admin/activity";
import { SCENARIOS } from "~/domain/scenarios";
import { translator } from "~/i18n";

const t = translator("en");
const cart = SCENARIOS["cart-recovery"].defaults;

describe("scenario editor validation", () => {
  it("accepts the catalogue defaults of every scenario", () => {
    for (const key of Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[]) expect(parseScenarioSettings(key, SCENARIOS[key].defaults, t).ok, key).toBe(true);
  });

  it("refuses steps out of order, too early, too late or half typed", () => {
    const cases: [unknown, RegExp][] = [
      [[120, 60], /after the previous one/],
      [[1], /5 minutes and 14 days/],
      [[60, 15 * 1440], /5 minutes and 14 days/],
      [[60, null], /5 minutes and 14 days/],
      [[], /1 and 3 steps/],
      [[60, 120, 180, 240], /1 and 3 steps/],
    ];
    for (const [delaysMinutes, message] of cases) {
      const result = parseScenarioSettings("cart-recovery", { ...cart, delaysMinutes }, t);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors["settings.delaysMinutes"]).toMatch(message);
    }
  });

  it("keeps discounts and validity within 1–90 and names the field", () => {
    const result = parseScenarioSettings("welcome", { ...SCENARIOS.welcome.defaults, percentOff: 95, couponDaysValid: 0 }, t);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors["settings.percentOff"]).toBe("Enter a whole number from 1 to 90.");
      expect(result.errors["settings.couponDaysValid"]).toBe("Enter a whole number from 1 to 90.");
    }
  });

  it("treats an empty holdout as the shop's share and refuses more than half", () => {
    expect(parseHoldout("", t)).toEqual({ ok: true, value: null });
    expect(parseHoldout(10, t)).toEqual({ ok: true, value: 10 });
    expect(parseHoldout(60, t).ok).toBe(false);
  });
});

describe("reasons in the activity log", () => {
  it("gives the merchant's-language sentence followed by the recorded detail", () => {
    expect(describeStoredReason("not_first_time_buyer", "already has 1 order", translator("ko"))).toBe("이미 주문한 고객이라 첫 구매 혜택이 맞지 않습니다. (already has 1 order)");
    expect(describeStoredReason("quiet_hours", null, t)).toBe("Waiting for the shop's quiet hours to end.");
    expect(describeStoredReason("something_new", "x", t)).toBe("something_new: x");
  });
});
