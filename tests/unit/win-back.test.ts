import { describe, expect, it } from "vitest";
import { branchNotMet } from "~/domain/branch";
import { SCENARIOS, stepCondition } from "~/domain/scenarios";
import { WIN_BACK_LOOKBACK_DAYS, dormantWindow, planWinBack, sunsetDue, winBackKey } from "~/domain/win-back";
import type { PlanAction, PlannedMessage } from "~/domain/types";
import { pickStoredTemplate, templateSlot } from "~/.server/channels/email/templates";
import { templateKey, templateStep } from "~/.server/channels/email/variables";

const SHOP = "demo-shop.myshopify.com";
const DAY = 86_400_000;
const NOW = new Date("2026-06-10T12:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const settings = SCENARIOS["win-back"].defaults;
const ctx = { shop: SHOP, settings, dormantDays: 90 };
const messages = (actions: PlanAction[]): PlannedMessage[] => actions.flatMap((a) => (a.type === "plan" ? [a.message] : []));

describe("win-back planning", () => {
  it("plans three steps a week apart from the moment the job finds a dormant buyer", () => {
    const planned = messages(planWinBack({ shopifyId: "7001", email: "Ana@Example.com", lastOrderAt: ago(100) }, ctx, NOW));
    expect(planned.map((m) => [m.step, m.runAt.toISOString()])).toEqual([
      [0, NOW.toISOString()],
      [1, new Date(NOW.getTime() + 7 * DAY).toISOString()],
      [2, new Date(NOW.getTime() + 14 * DAY).toISOString()],
    ]);
    // Triggered when they turned dormant; one series per dormant spell, keyed by the last order.
    expect(planned.every((m) => m.triggeredAt.getTime() === ago(10).getTime() && m.email === "ana@example.com")).toBe(true);
    expect(planned[0].key).toBe(winBackKey(SHOP, { shopifyId: "7001", lastOrderAt: ago(100) }));
    expect(planned[0].key).toBe(`${SHOP}:win-back:customer:7001:dormant-after:${ago(100).toISOString()}:0`);
  });

  it("plans nothing for a buyer not yet dormant, or gone longer than the lookback", () => {
    expect(planWinBack({ shopifyId: "1", email: "a@b.c", lastOrderAt: ago(89) }, ctx, NOW)).toEqual([]);
    expect(planWinBack({ shopifyId: "1", email: "a@b.c", lastOrderAt: ago(WIN_BACK_LOOKBACK_DAYS + 1) }, ctx, NOW)).toEqual([]);
    const window = dormantWindow(90, NOW);
    expect([window.lastOrderFrom, window.lastOrderTo]).toEqual([ago(WIN_BACK_LOOKBACK_DAYS), ago(90)]);
  });

  it("sunsets a reader of the last step once the delay has passed", () => {
    expect(sunsetDue(ago(13.9), settings, NOW)).toBe(false);
    expect(sunsetDue(ago(14), settings, NOW)).toBe(true);
  });

  it("branches steps 2 and 3 on the step before, and the first step always goes", () => {
    expect([0, 1, 2].map((step) => stepCondition(settings, step))).toEqual(["always", "not_clicked", "not_clicked"]);
    expect(stepCondition({ ...settings, step3When: "bogus" } as unknown as typeof settings, 2)).toBe("always");
    expect(branchNotMet("not_clicked", { step: 1, state: "sent", opened: true, clicked: true })).toBe("step 2 clicked");
    expect(branchNotMet("not_opened", null)).toBe("step before was not sent");
  });
});

describe("templates per step", () => {
  it("gives the win-back's later steps their own email, and cart-recovery's reuse the first", () => {
    expect([0, 1, 2].map((step) => templateKey("win-back", step))).toEqual(["win-back", "win-back#1", "win-back#2"]);
    expect([0, 1, 2].map((step) => templateKey("cart-recovery", step))).toEqual(["cart-recovery", "cart-recovery", "cart-recovery"]);
    expect(templateStep("cart-recovery", 1)).toBe(0);
    expect(templateStep("win-back", 2)).toBe(2);
  });

  it("stores a later step under <locale>#<step> and never mistakes it for the first", () => {
    const first = { subject: "first", preheader: "", body: "<p>1</p>" };
    const last = { subject: "last", preheader: "", body: "<p>3</p>" };
    const stored = { en: first, [templateSlot("en", 2)]: last };
    expect(templateSlot("ko-KR", 2)).toBe("ko-KR#2");
    expect(pickStoredTemplate(stored, "en-GB", 0)).toEqual(first);
    expect(pickStoredTemplate(stored, "en-GB", 2)).toEqual(last);
    expect(pickStoredTemplate(stored, "en", 1)).toBeNull();
    expect(pickStoredTemplate({ "en#2": last }, "en", 0)).toBeNull();
  });
});
