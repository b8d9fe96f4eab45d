import { describe, expect, it } from "vitest";
import { checkBudget, sortByPriority } from "~/domain/budget";
import type { ScenarioKey } from "~/domain/types";

const at = (iso: string) => new Date(iso);
const now = at("2026-06-10T12:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const daysAgo = (d: number) => hoursAgo(d * 24);
const budget = { minGapHours: 16, maxPer7Days: 3 };

describe("checkBudget", () => {
  it("lets the first email of the week through", () => {
    expect(checkBudget({ now, recentSends: [], budget })).toEqual({ ok: true });
  });

  it("counts a send stamped moments after the pass's instant: the same pass sent it", () => {
    const justSent = new Date(now.getTime() + 120);
    expect(checkBudget({ now, recentSends: [justSent], budget })).toEqual({ ok: false, until: new Date(justSent.getTime() + 16 * 3_600_000), detail: "1 email in the last 16 h (limit 1)" });
  });

  it("holds a second email until 16 h after the last one", () => {
    const result = checkBudget({ now, recentSends: [hoursAgo(4)], budget });
    expect(result).toEqual({ ok: false, until: at("2026-06-11T00:00:00Z"), detail: "1 email in the last 16 h (limit 1)" });
  });

  it("allows the next email exactly when the gap has passed", () => {
    expect(checkBudget({ now, recentSends: [hoursAgo(16)], budget })).toEqual({ ok: true });
    expect(checkBudget({ now, recentSends: [hoursAgo(15.99)], budget }).ok).toBe(false);
  });

  it("holds a fourth email in 7 days until the oldest of the three leaves the window", () => {
    const sends = [daysAgo(6), daysAgo(3), daysAgo(1)];
    const result = checkBudget({ now, recentSends: sends, budget });
    expect(result).toEqual({ ok: false, until: at("2026-06-11T12:00:00Z"), detail: "3 emails in the last 7 days (limit 3)" });
  });

  it("does not count sends older than 7 days", () => {
    expect(checkBudget({ now, recentSends: [daysAgo(7), daysAgo(3), daysAgo(1)], budget })).toEqual({ ok: true });
  });

  it("waits for the later limit when both bind", () => {
    // The weekly cap frees up in 1 day; the gap frees up in 14 h: the weekly cap decides.
    const late = checkBudget({ now, recentSends: [daysAgo(6), daysAgo(3), hoursAgo(2)], budget });
    expect(late.ok).toBe(false);
    if (!late.ok) {
      expect(late.until).toEqual(at("2026-06-11T12:00:00Z"));
      expect(late.detail).toContain("1 email in the last 16 h");
      expect(late.detail).toContain("3 emails in the last 7 days");
    }
    // The weekly cap frees up in 1 h; the gap in 14 h: the gap decides.
    const early = checkBudget({ now, recentSends: [hoursAgo(6 * 24 + 23), daysAgo(3), hoursAgo(2)], budget });
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.until).toEqual(at("2026-06-11T02:00:00Z"));
  });

  it("ignores the order sends are given in", () => {
    const a = checkBudget({ now, recentSends: [daysAgo(1), daysAgo(6), daysAgo(3)], budget });
    expect(a.ok === false && a.until.toISOString()).toBe("2026-06-11T12:00:00.000Z");
  });

  it("waits for enough sends to leave when the cap was lowered below the count", () => {
    const result = checkBudget({ now, recentSends: [daysAgo(6), daysAgo(5), daysAgo(4), daysAgo(2)], budget: { minGapHours: 0, maxPer7Days: 2 } });
    // Four in the window, limit two: under the limit only once the send from 4 days ago leaves too.
    expect(result.ok === false && result.until.toISOString()).toBe("2026-06-13T12:00:00.000Z");
  });

  it("treats a limit of zero as off", () => {
    expect(checkBudget({ now, recentSends: [hoursAgo(1)], budget: { minGapHours: 0, maxPer7Days: 5 } })).toEqual({ ok: true });
    expect(checkBudget({ now, recentSends: [daysAgo(2), daysAgo(1)], budget: { minGapHours: 16, maxPer7Days: 0 } })).toEqual({ ok: true });
  });
});

describe("sortByPriority", () => {
  const priority: ScenarioKey[] = ["cart-recovery", "coupon-expiry", "welcome", "post-delivery"];
  const item = (id: string, scenario: ScenarioKey, iso: string) => ({ id, scenario, runAt: at(iso) });

  it("puts the higher-priority scenario first, then the earlier one", () => {
    const items = [
      item("welcome", "welcome", "2026-06-10T09:00:00Z"),
      item("review", "post-delivery", "2026-06-10T08:00:00Z"),
      item("cart-late", "cart-recovery", "2026-06-10T11:00:00Z"),
      item("cart-early", "cart-recovery", "2026-06-10T10:00:00Z"),
    ];
    expect(sortByPriority(items, priority).map((i) => i.id)).toEqual(["cart-early", "cart-late", "welcome", "review"]);
    expect(items[0].id).toBe("welcome");
  });

  it("keeps the given order for ties and sends unranked scenarios last", () => {
    const items = [
      item("exit", "exit-intent", "2026-06-10T08:00:00Z"),
      item("a", "welcome", "2026-06-10T09:00:00Z"),
      item("b", "welcome", "2026-06-10T09:00:00Z"),
    ];
    expect(sortByPriority(items, priority).map((i) => i.id)).toEqual(["a", "b", "exit"]);
  });
});
