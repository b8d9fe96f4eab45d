import { describe, expect, it } from "vitest";
import { sortByPriority } from "~/domain/budget";
import { evaluateEligibility, relevanceDeadline } from "~/domain/eligibility";
import type { EligibilityInput } from "~/domain/eligibility";
import { DEFAULT_PRIORITY, SCENARIOS } from "~/domain/scenarios";
import type { ScenarioKey, ShopPolicy } from "~/domain/types";

const at = (iso: string) => new Date(iso);
const NOW = at("2026-06-10T12:00:00Z");
const hours = (h: number, from = NOW) => new Date(from.getTime() + h * 3_600_000);
const minutes = (m: number, from = NOW) => new Date(from.getTime() + m * 60_000);

const policy: ShopPolicy = {
  timezone: "UTC",
  quietHours: { start: "21:00", end: "08:00" },
  budget: { minGapHours: 16, maxPer7Days: 3 },
  priority: DEFAULT_PRIORITY,
};

type Patch = Partial<Omit<EligibilityInput, "recipient" | "shop">> & {
  recipient?: Partial<EligibilityInput["recipient"]>;
  shop?: Partial<EligibilityInput["shop"]>;
  settingsPatch?: Record<string, unknown>;
};

/** A message that would be sent: a subscribed shopper, an installed shop, nothing against it. */
function input(scenario: ScenarioKey, patch: Patch = {}): EligibilityInput {
  const { recipient, shop, settingsPatch, ...rest } = patch;
  return {
    now: NOW,
    scenario,
    step: 0,
    runAt: NOW,
    triggeredAt: hours(-1),
    settings: { ...SCENARIOS[scenario].defaults, ...settingsPatch } as EligibilityInput["settings"],
    scenarioEnabled: true,
    shop: { installed: true, senderReady: true, policy, ...shop },
    recipient: { email: "ana@example.com", consent: "subscribed", checkoutAcceptsMarketing: null, suppressed: null, ...recipient },
    customer: { ordersCount: 0 },
    firstTimeBuyerConfirmed: null,
    checkout: scenario === "cart-recovery" ? { completedAt: null } : null,
    orderedSinceTrigger: false,
    coupon: scenario === "coupon-expiry" ? { endsAt: hours(24), usedAt: null } : null,
    order: scenario === "post-delivery" ? { cancelledAt: null, refundedAt: null } : null,
    recentSends: [],
    previous: null,
    audience: null,
    ...rest,
  };
}

const verdict = (scenario: ScenarioKey, patch: Patch = {}) => evaluateEligibility(input(scenario, patch));
const reasonOf = (scenario: ScenarioKey, patch: Patch = {}) => {
  const v = verdict(scenario, patch);
  return v.action === "send" ? "send" : `${v.action}:${v.reason}`;
};

describe("the happy path", () => {
  it.each(["welcome", "cart-recovery", "coupon-expiry", "post-delivery"] as const)("sends %s when nothing stands in the way", (scenario) => {
    expect(verdict(scenario)).toEqual({ action: "send" });
  });
});

describe("shop and recipient come first", () => {
  it("checks, in order: installed, scenario on, sender, email, unsubscribed", () => {
    const broken: Patch = {
      shop: { installed: false, senderReady: false },
      scenarioEnabled: false,
      recipient: { email: null, suppressed: "unsubscribed" },
    };
    expect(reasonOf("welcome", broken)).toBe("skip:shop_uninstalled");
    expect(reasonOf("welcome", { ...broken, shop: { senderReady: false } })).toBe("skip:scenario_off");
    expect(reasonOf("welcome", { ...broken, shop: { senderReady: false }, scenarioEnabled: true })).toBe("skip:sender_not_configured");
    expect(reasonOf("welcome", { ...broken, shop: {}, scenarioEnabled: true })).toBe("skip:no_email");
    expect(reasonOf("welcome", { ...broken, shop: {}, scenarioEnabled: true, recipient: { suppressed: "unsubscribed" } })).toBe("skip:unsubscribed");
  });
  it("treats a blank address as no address", () => {
    expect(reasonOf("cart-recovery", { recipient: { email: "  " } })).toBe("skip:no_email");
  });
  it("respects an unsubscribe from Shopify as much as one through our link", () => {
    expect(reasonOf("post-delivery", { recipient: { consent: "unsubscribed" } })).toBe("skip:unsubscribed");
    expect(reasonOf("post-delivery", { recipient: { suppressed: "unsubscribed" } })).toBe("skip:unsubscribed");
  });
  it("reports an unsubscribe before any fact about the order", () => {
    expect(reasonOf("post-delivery", { recipient: { suppressed: "unsubscribed" }, order: { cancelledAt: hours(-2), refundedAt: null } })).toBe("skip:unsubscribed");
  });
});

describe("cart recovery", () => {
  it("is skipped once the checkout is completed, saying when", () => {
    const v = verdict("cart-recovery", { checkout: { completedAt: at("2026-06-10T11:20:00Z") } });
    expect(v).toEqual({ action: "skip", reason: "checkout_completed", detail: "checkout completed at 2026-06-10 11:20 (UTC)" });
  });
  it("is skipped when the shopper already ordered after starting the checkout", () => {
    const v = verdict("cart-recovery", { orderedSinceTrigger: true });
    expect(v.action === "skip" && v.reason).toBe("ordered_since");
    expect(v.action === "skip" && v.detail).toContain("2026-06-10 11:00");
  });
  it("names the completed checkout rather than the missing consent", () => {
    expect(reasonOf("cart-recovery", { checkout: { completedAt: hours(-1) }, recipient: { consent: "not_subscribed" } })).toBe("skip:checkout_completed");
  });
});

describe("welcome with a first-order coupon", () => {
  it("is never sent to a repeat buyer", () => {
    const v = verdict("welcome", { customer: { ordersCount: 2 } });
    expect(v).toEqual({ action: "skip", reason: "not_first_time_buyer", detail: "already has 2 orders" });
  });
  it("is skipped when Shopify's own count says the customer has ordered before", () => {
    expect(reasonOf("welcome", { customer: null, firstTimeBuyerConfirmed: false })).toBe("skip:not_first_time_buyer");
  });
  it("is skipped when the customer ordered after signing up", () => {
    expect(reasonOf("welcome", { orderedSinceTrigger: true })).toBe("skip:not_first_time_buyer");
  });
  it("goes out to a confirmed first-time buyer, or to one we know nothing against", () => {
    expect(reasonOf("welcome", { firstTimeBuyerConfirmed: true })).toBe("send");
    expect(reasonOf("welcome", { customer: null })).toBe("send");
  });
});

describe("coupon expiry reminder", () => {
  it("is skipped when the code was already used", () => {
    expect(reasonOf("coupon-expiry", { coupon: { endsAt: hours(24), usedAt: hours(-3) } })).toBe("skip:coupon_used");
  });
  it("is never sent for a code that already expired", () => {
    expect(reasonOf("coupon-expiry", { coupon: { endsAt: at("2025-06-10T12:00:00Z"), usedAt: null } })).toBe("skip:coupon_expired");
    expect(reasonOf("coupon-expiry", { coupon: { endsAt: NOW, usedAt: null } })).toBe("skip:coupon_expired");
  });
  it("is skipped when too little time is left to use the code, and says how little", () => {
    const v = verdict("coupon-expiry", { coupon: { endsAt: hours(1), usedAt: null } });
    expect(v.action === "skip" && v.reason).toBe("coupon_expired");
    expect(v.action === "skip" && v.detail).toContain("code expires in 1 h");
  });
  it("goes out with exactly the minimum time left", () => {
    expect(reasonOf("coupon-expiry", { coupon: { endsAt: hours(2), usedAt: null } })).toBe("send");
  });
});

describe("post-delivery", () => {
  it("is skipped for a cancelled or refunded order", () => {
    expect(reasonOf("post-delivery", { order: { cancelledAt: hours(-5), refundedAt: null } })).toBe("skip:order_cancelled");
    expect(reasonOf("post-delivery", { order: { cancelledAt: null, refundedAt: hours(-5) } })).toBe("skip:order_refunded");
  });
});

describe("second-order", () => {
  const first = { customer: { ordersCount: 1 }, order: { cancelledAt: null, refundedAt: null } };
  it("goes to a buyer who still has one order", () => {
    expect(reasonOf("second-order", first)).toBe("send");
  });
  it("is skipped once the buyer ordered again, counted or seen after the delivery", () => {
    expect(reasonOf("second-order", { ...first, customer: { ordersCount: 2 } })).toBe("skip:ordered_since");
    const v = verdict("second-order", { ...first, orderedSinceTrigger: true });
    expect(v).toMatchObject({ action: "skip", reason: "ordered_since" });
    expect(v.action === "skip" && v.detail).toMatch(/^ordered again after the first order arrived/);
  });
  it("is skipped when the first order was cancelled or refunded", () => {
    expect(reasonOf("second-order", { ...first, order: { cancelledAt: hours(-5), refundedAt: null } })).toBe("skip:order_cancelled");
    expect(reasonOf("second-order", { ...first, order: { cancelledAt: null, refundedAt: hours(-5) } })).toBe("skip:order_refunded");
  });
  it("stays relevant for 7 days after its planned time", () => {
    expect(reasonOf("second-order", { ...first, runAt: hours(-7 * 24 + 1) })).toBe("send");
    expect(reasonOf("second-order", { ...first, runAt: hours(-7 * 24 - 1) })).toBe("skip:no_longer_relevant");
  });
});

describe("consent", () => {
  it("accepts a checkout opt-in when Shopify never told us the customer's consent", () => {
    expect(reasonOf("cart-recovery", { recipient: { consent: "unknown", checkoutAcceptsMarketing: true } })).toBe("send");
  });
  it("does not let a checkout opt-in override an explicit 'not subscribed'", () => {
    expect(reasonOf("cart-recovery", { recipient: { consent: "not_subscribed", checkoutAcceptsMarketing: true } })).toBe("skip:no_consent");
  });
  it.each(["not_subscribed", "pending"] as const)("skips a %s customer", (consent) => {
    expect(reasonOf("post-delivery", { recipient: { consent } })).toBe("skip:no_consent");
  });
  it("skips unknown consent outside welcome, with or without a checkout", () => {
    expect(reasonOf("cart-recovery", { recipient: { consent: "unknown", checkoutAcceptsMarketing: false } })).toBe("skip:no_consent");
    expect(reasonOf("coupon-expiry", { recipient: { consent: "unknown" } })).toBe("skip:no_consent");
  });
  it("holds a welcome for the consent webhook that usually follows signup", () => {
    const v = verdict("welcome", { triggeredAt: minutes(-5), recipient: { consent: "unknown" } });
    expect(v).toMatchObject({ action: "defer", reason: "awaiting_consent", until: minutes(55) });
  });
  it("gives up on consent once the wait is over", () => {
    expect(reasonOf("welcome", { triggeredAt: minutes(-60), recipient: { consent: "unknown" } })).toBe("skip:no_consent");
  });
  it("does not wait when the customer explicitly declined", () => {
    expect(reasonOf("welcome", { triggeredAt: minutes(-5), recipient: { consent: "not_subscribed" } })).toBe("skip:no_consent");
  });
});

describe("relevance deadline", () => {
  it("measures welcome from signup, cart recovery and post-delivery from the planned time", () => {
    expect(relevanceDeadline(input("welcome", { triggeredAt: hours(-10) }))).toEqual(hours(62));
    expect(relevanceDeadline(input("cart-recovery", { runAt: hours(-1) }))).toEqual(hours(11));
    expect(relevanceDeadline(input("post-delivery", { runAt: hours(-24) }))).toEqual(hours(6 * 24));
  });
  it("ends a coupon reminder minHoursLeft before the code, or a day after plan when the code is unknown", () => {
    expect(relevanceDeadline(input("coupon-expiry", { coupon: { endsAt: hours(30), usedAt: null } }))).toEqual(hours(28));
    expect(relevanceDeadline(input("coupon-expiry", { coupon: null, runAt: hours(-2) }))).toEqual(hours(22));
  });
  it("still sends at the deadline and skips just after it", () => {
    expect(reasonOf("welcome", { triggeredAt: hours(-72) })).toBe("send");
    expect(reasonOf("welcome", { triggeredAt: hours(-72.01) })).toBe("skip:no_longer_relevant");
    expect(reasonOf("cart-recovery", { runAt: hours(-13) })).toBe("skip:no_longer_relevant");
    expect(reasonOf("post-delivery", { runAt: hours(-8 * 24) })).toBe("skip:no_longer_relevant");
  });
  it("checks consent before staleness", () => {
    expect(reasonOf("cart-recovery", { runAt: hours(-13), recipient: { consent: "not_subscribed" } })).toBe("skip:no_consent");
  });
});

describe("quiet hours (21:00–08:00 shop time)", () => {
  const night = at("2026-06-10T23:00:00Z");
  it("defers a message due at night to 08:00", () => {
    const v = verdict("post-delivery", { now: night, runAt: night });
    expect(v).toMatchObject({ action: "defer", reason: "quiet_hours", until: at("2026-06-11T08:00:00Z") });
  });
  it("uses the shop's time zone: 23:00 UTC is 08:00 in Seoul, a fine time to send", () => {
    expect(reasonOf("post-delivery", { now: night, runAt: night, shop: { policy: { ...policy, timezone: "Asia/Seoul" } } })).toBe("send");
  });
  it("skips a cart reminder that would be stale by morning", () => {
    const runAt = at("2026-06-10T19:00:00Z"); // relevant until 07:00
    expect(reasonOf("cart-recovery", { now: night, runAt })).toBe("skip:quiet_hours_until_irrelevant");
  });
  it("defers when quiet hours end exactly at the deadline", () => {
    const runAt = at("2026-06-10T20:00:00Z"); // relevant until 08:00
    expect(reasonOf("cart-recovery", { now: night, runAt })).toBe("defer:quiet_hours");
  });
  it("does not apply when the scenario ignores quiet hours or the shop has none", () => {
    expect(reasonOf("welcome", { now: night, triggeredAt: night, runAt: night })).toBe("send");
    expect(reasonOf("post-delivery", { now: night, runAt: night, shop: { policy: { ...policy, quietHours: null } } })).toBe("send");
  });
  it("applies to a welcome when the merchant asks for it", () => {
    expect(reasonOf("welcome", { now: night, triggeredAt: night, runAt: night, settingsPatch: { respectQuietHours: true } })).toBe("defer:quiet_hours");
  });
  it("comes before the budget", () => {
    expect(reasonOf("post-delivery", { now: night, runAt: night, recentSends: [hours(-1, night)] })).toBe("defer:quiet_hours");
  });
});

describe("frequency budget", () => {
  it("defers a second email within 16 h until the gap has passed", () => {
    const v = verdict("post-delivery", { recentSends: [hours(-4)] });
    expect(v).toEqual({ action: "defer", reason: "frequency_budget", until: hours(12), detail: "1 email in the last 16 h (limit 1)" });
  });
  it("skips when the budget frees up only after the message is stale", () => {
    // Cart reminder relevant for 12 h; the gap ends in 15 h.
    const v = verdict("cart-recovery", { recentSends: [hours(-1)] });
    expect(v.action === "skip" && v.reason).toBe("budget_exhausted");
  });
  it("defers when the budget frees up exactly at the deadline", () => {
    expect(reasonOf("cart-recovery", { recentSends: [hours(-4)] })).toBe("defer:frequency_budget");
  });
});

describe("one customer, three campaigns due the same day", () => {
  it("sends only the highest-priority one and defers the rest", () => {
    const due = sortByPriority(
      [
        { scenario: "welcome" as const, runAt: at("2026-06-10T09:00:00Z") },
        { scenario: "post-delivery" as const, runAt: at("2026-06-10T10:00:00Z") },
        { scenario: "cart-recovery" as const, runAt: at("2026-06-10T11:00:00Z") },
      ],
      policy.priority,
    );
    const sent: Date[] = [];
    const outcomes = due.map((m) => {
      const v = verdict(m.scenario, { runAt: m.runAt, triggeredAt: hours(-4), recentSends: [...sent] });
      if (v.action === "send") sent.push(NOW);
      return `${m.scenario} → ${v.action === "send" ? "send" : `${v.action}:${v.reason}`}`;
    });
    expect(outcomes).toEqual(["cart-recovery → send", "welcome → defer:frequency_budget", "post-delivery → defer:frequency_budget"]);
    expect(sent).toHaveLength(1);
  });
});

describe("the scenario's audience at send time", () => {
  it("skips a person no longer in the audience, with the rule that keeps them out", () => {
    const v = evaluateEligibility(input("welcome", { audience: { ok: false, reason: "not_in_segment", detail: "in none of new" } }));
    expect(v).toEqual({ action: "skip", reason: "not_in_segment", detail: "in none of new" });
  });

  it("lets through a person in the audience, and one whose scenario names no segment", () => {
    expect(evaluateEligibility(input("welcome", { audience: { ok: true } })).action).toBe("send");
    expect(evaluateEligibility(input("welcome", { audience: null })).action).toBe("send");
  });
});

describe("steps that branch on engagement", () => {
  const sent = (patch: Partial<NonNullable<EligibilityInput["previous"]>> = {}): EligibilityInput["previous"] => ({ step: 0, state: "sent", opened: false, clicked: false, ...patch });

  it("sends win-back's stronger offer only when step 1 was not clicked, and says why not", () => {
    expect(reasonOf("win-back", { step: 1, previous: sent({ opened: true }) })).toBe("send");
    const v = verdict("win-back", { step: 1, previous: sent({ opened: true, clicked: true }) });
    expect(v).toEqual({ action: "skip", reason: "branch_not_met", detail: "step 1 clicked" });
  });

  it("reads each condition against the step before", () => {
    const cart = (step2When: string, previous: EligibilityInput["previous"]) => reasonOf("cart-recovery", { step: 1, settingsPatch: { step2When }, previous });
    expect(cart("always", null)).toBe("send");
    expect(cart("not_opened", sent({ opened: true }))).toBe("skip:branch_not_met");
    expect(cart("not_opened", sent())).toBe("send");
    expect(cart("clicked", sent())).toBe("skip:branch_not_met");
    expect(cart("clicked", sent({ opened: true, clicked: true }))).toBe("send");
    // A condition on a step that never reached the reader cannot hold.
    expect(verdict("cart-recovery", { step: 1, settingsPatch: { step2When: "not_clicked" }, previous: sent({ state: "not_sent" }) })).toMatchObject({ detail: "step 1 was not sent" });
  });

  it("waits for a step before that is still undecided, while the step stays relevant", () => {
    const v = verdict("win-back", { step: 2, previous: sent({ step: 1, state: "waiting" }) });
    expect(v).toMatchObject({ action: "defer", reason: "awaiting_previous_step", until: minutes(60) });
    expect(reasonOf("win-back", { step: 2, runAt: hours(-3 * 24 + 0.5), previous: sent({ step: 1, state: "waiting" }) })).toBe("skip:branch_not_met");
  });

  it("skips a sunset person, and a dormant buyer who ordered again", () => {
    expect(reasonOf("win-back", { recipient: { suppressed: "sunset" } })).toBe("skip:sunset");
    expect(reasonOf("welcome", { recipient: { suppressed: "sunset" } })).toBe("skip:sunset");
    expect(reasonOf("win-back", { orderedSinceTrigger: true })).toBe("skip:ordered_since");
  });
});
