// The send-time re-check: a message planned hours ago is sent only if it still makes sense now.
import { branchCheck, type PreviousStep } from "./branch";
import { checkBudget } from "./budget";
import { stepCondition, type ScenarioSettingsMap } from "./scenarios";
import { addDays, addHours, addMinutes, formatDuration, formatLocal, inQuietHours, quietHoursEnd } from "./schedule";
import type { AudienceVerdict } from "./segments";
import type { EmailConsent, ScenarioKey, ShopPolicy, SuppressionReason, Verdict } from "./types";

export type EligibilityInput = {
  now: Date;
  scenario: ScenarioKey;
  step: number;
  runAt: Date;
  triggeredAt: Date;
  settings: ScenarioSettingsMap[ScenarioKey];
  scenarioEnabled: boolean;
  shop: { installed: boolean; senderReady: boolean; policy: ShopPolicy };
  recipient: {
    email: string | null;
    consent: EmailConsent;
    checkoutAcceptsMarketing: boolean | null;
    /** Why the address is suppressed for the shop, or null. */
    suppressed: SuppressionReason | null;
  };
  customer: { ordersCount: number } | null;
  firstTimeBuyerConfirmed: boolean | null;
  checkout: { completedAt: Date | null } | null;
  orderedSinceTrigger: boolean;
  coupon: { endsAt: Date; usedAt: Date | null } | null;
  order: { cancelledAt: Date | null; refundedAt: Date | null } | null;
  recentSends: Date[];
  /** The scenario's audience checked against the person's segments now; null when it names none. */
  audience: AudienceVerdict | null;
  /** The step before this one of the same series (null for a first step, or when it was never planned). */
  previous: PreviousStep | null;
  /** Browse and cart reminders: what the shopper did since the event that planned it. */
  shopper?: {
    /** A checkout started since: cart recovery takes over. */
    checkoutStartedAt: Date | null;
    /** For a product viewed: the product added to the cart since (the cart reminder takes over). */
    addedToCartAt: Date | null;
    /** A browse or cart reminder about the same product already sent within the week. */
    remindedAt: Date | null;
  };
};

/** The scenario and its settings, narrowed together so each rule reads its own settings type. */
type ScenarioView = { [K in ScenarioKey]: { key: K; settings: ScenarioSettingsMap[K] } }[ScenarioKey];

/** What every rule may read: the input, its scenario view, and the moment the message goes stale. */
type Facts = { input: EligibilityInput; view: ScenarioView; deadline: Date };

type Rule = (facts: Facts) => Verdict | null;

const skip = (reason: Extract<Verdict, { action: "skip" }>["reason"], detail?: string): Verdict =>
  detail === undefined ? { action: "skip", reason } : { action: "skip", reason, detail };

const when = (facts: Facts, d: Date) => `${formatLocal(d, facts.input.shop.policy.timezone)} (${facts.input.shop.policy.timezone})`;

const sendable: Rule = ({ input }) => {
  if (!input.shop.installed) return skip("shop_uninstalled");
  if (!input.scenarioEnabled) return skip("scenario_off");
  if (!input.shop.senderReady) return skip("sender_not_configured");
  if (!input.recipient.email?.trim()) return skip("no_email");
  if (input.recipient.suppressed === "bounced") return skip("bounced", "an earlier email to this address was refused for good by the receiving server");
  if (input.recipient.suppressed === "sunset") return skip("sunset", "did not answer the last win-back email; the merchant can reverse this on the person's page");
  if (input.recipient.suppressed) return skip("unsubscribed", input.recipient.suppressed === "complaint" ? "marked an earlier email as spam" : "unsubscribed through our link");
  if (input.recipient.consent === "unsubscribed") return skip("unsubscribed", "unsubscribed from email marketing in Shopify");
  return null;
};

/** The scenario's segments, checked again now: a person who left them since the plan is skipped. */
const inAudience: Rule = ({ input }) => (input.audience && !input.audience.ok ? skip(input.audience.reason, input.audience.detail) : null);

/** Re-asked this often while the step before has not been decided (deferred by the budget or quiet hours). */
const PREVIOUS_STEP_WAIT_MINUTES = 60;

/** A later step's engagement condition on the step before it (~/domain/branch). */
const branchMet: Rule = (facts) => {
  const { input, deadline } = facts;
  if (input.step < 1) return null;
  const check = branchCheck(stepCondition(input.settings, input.step), input.previous);
  if (check.met) return null;
  if (!check.wait) return skip("branch_not_met", check.detail);
  const until = addMinutes(input.now, PREVIOUS_STEP_WAIT_MINUTES);
  if (until.getTime() <= deadline.getTime()) return { action: "defer", until, reason: "awaiting_previous_step", detail: `step ${input.step} has not gone out yet` };
  return skip("branch_not_met", `step ${input.step} had not gone out by ${when(facts, deadline)}`);
};

/** Facts that make the message pointless whatever the time. */
const stillMeaningful: Rule = (facts) => {
  const { input, view } = facts;
  switch (view.key) {
    case "cart-recovery":
      if (input.checkout?.completedAt) return skip("checkout_completed", `checkout completed at ${when(facts, input.checkout.completedAt)}`);
      if (input.orderedSinceTrigger) return skip("ordered_since", `ordered after the checkout started at ${when(facts, input.triggeredAt)}`);
      return null;
    case "welcome":
      if (input.customer && input.customer.ordersCount > 0) {
        return skip("not_first_time_buyer", `already has ${input.customer.ordersCount} order${input.customer.ordersCount === 1 ? "" : "s"}`);
      }
      if (input.firstTimeBuyerConfirmed === false) return skip("not_first_time_buyer", "Shopify reports earlier orders for this customer");
      if (input.orderedSinceTrigger) return skip("not_first_time_buyer", `ordered after signing up at ${when(facts, input.triggeredAt)}`);
      return null;
    case "coupon-expiry": {
      const coupon = input.coupon;
      if (!coupon) return null;
      if (coupon.usedAt) return skip("coupon_used", `code used at ${when(facts, coupon.usedAt)}`);
      if (input.now.getTime() >= coupon.endsAt.getTime()) return skip("coupon_expired", `code expired at ${when(facts, coupon.endsAt)}`);
      const left = coupon.endsAt.getTime() - input.now.getTime();
      if (left < view.settings.minHoursLeft * 3_600_000) {
        return skip("coupon_expired", `code expires in ${formatDuration(left)}, under the ${view.settings.minHoursLeft} h minimum for a reminder`);
      }
      return null;
    }
    case "post-delivery":
      if (input.order?.cancelledAt) return skip("order_cancelled", `order cancelled at ${when(facts, input.order.cancelledAt)}`);
      if (input.order?.refundedAt) return skip("order_refunded", `order refunded at ${when(facts, input.order.refundedAt)}`);
      return null;
    case "second-order":
      if (input.customer && input.customer.ordersCount >= 2) return skip("ordered_since", `already has ${input.customer.ordersCount} orders`);
      if (input.orderedSinceTrigger) return skip("ordered_since", `ordered again after the first order arrived on ${when(facts, input.triggeredAt)}`);
      if (input.order?.cancelledAt) return skip("order_cancelled", `the first order was cancelled at ${when(facts, input.order.cancelledAt)}`);
      if (input.order?.refundedAt) return skip("order_refunded", `the first order was refunded at ${when(facts, input.order.refundedAt)}`);
      return null;
    case "win-back":
      if (input.orderedSinceTrigger) return skip("ordered_since", `ordered again after turning dormant on ${when(facts, input.triggeredAt)}`);
      return null;
    case "browse-abandonment":
    case "cart-abandonment": {
      const s = input.shopper;
      if (input.orderedSinceTrigger) return skip("ordered_since", `ordered after ${when(facts, input.triggeredAt)}`);
      if (s?.checkoutStartedAt) return skip("checkout_started", `started a checkout at ${when(facts, s.checkoutStartedAt)}`);
      if (view.key === "browse-abandonment" && s?.addedToCartAt) return skip("added_to_cart", `added the product to the cart at ${when(facts, s.addedToCartAt)}`);
      if (s?.remindedAt) return skip("recently_reminded", `reminded about this product at ${when(facts, s.remindedAt)}`);
      return null;
    }
    case "exit-intent":
      return null;
  }
};

const consented: Rule = ({ input, view }) => {
  const { consent, checkoutAcceptsMarketing } = input.recipient;
  if (consent === "subscribed") return null;
  if (consent === "unknown" && checkoutAcceptsMarketing === true) return null;
  if (view.key === "welcome" && consent === "unknown") {
    // Shopify sends the consent webhook separately, usually seconds after the signup one.
    const until = addMinutes(input.triggeredAt, view.settings.awaitConsentMinutes);
    if (input.now.getTime() < until.getTime()) {
      return { action: "defer", until, reason: "awaiting_consent", detail: "waiting for Shopify to report email consent" };
    }
  }
  return skip("no_consent", consentDetail(consent));
};

function consentDetail(consent: EmailConsent): string {
  switch (consent) {
    case "unknown":
      return "Shopify never reported email consent, and the checkout did not opt in";
    case "not_subscribed":
      return "the customer has not subscribed to email marketing";
    case "pending":
      return "the customer has not confirmed their subscription yet";
    case "unsubscribed":
      return "the customer unsubscribed from email marketing";
    case "subscribed":
      return "the customer is subscribed";
  }
}

const relevant: Rule = (facts) =>
  facts.input.now.getTime() > facts.deadline.getTime() ? skip("no_longer_relevant", `relevant until ${when(facts, facts.deadline)}`) : null;

const outsideQuietHours: Rule = (facts) => {
  const { input, view, deadline } = facts;
  const { quietHours, timezone } = input.shop.policy;
  const respects = view.key !== "exit-intent" && view.settings.respectQuietHours;
  if (!respects || !quietHours || !inQuietHours(input.now, quietHours, timezone)) return null;
  const until = quietHoursEnd(input.now, quietHours, timezone);
  const detail = `quiet hours ${quietHours.start}–${quietHours.end} (${timezone})`;
  if (until.getTime() <= deadline.getTime()) return { action: "defer", until, reason: "quiet_hours", detail };
  return skip("quiet_hours_until_irrelevant", `${detail} last past ${when(facts, deadline)}, when the message stops being relevant`);
};

const withinBudget: Rule = (facts) => {
  const { input, deadline } = facts;
  const budget = checkBudget({ now: input.now, recentSends: input.recentSends, budget: input.shop.policy.budget });
  if (budget.ok) return null;
  if (budget.until.getTime() <= deadline.getTime()) {
    return { action: "defer", until: budget.until, reason: "frequency_budget", detail: budget.detail };
  }
  return skip("budget_exhausted", `${budget.detail}; the next free slot is after ${when(facts, deadline)}, when the message stops being relevant`);
};

/** The last moment the message is worth sending. */
export function relevanceDeadline(input: EligibilityInput): Date {
  const view = viewOf(input);
  switch (view.key) {
    case "welcome":
      return addHours(input.triggeredAt, view.settings.relevantForHours);
    case "cart-recovery":
      return addHours(input.runAt, view.settings.relevantForHours);
    case "coupon-expiry":
      return input.coupon ? addHours(input.coupon.endsAt, -view.settings.minHoursLeft) : addDays(input.runAt, 1);
    case "post-delivery":
    case "second-order":
    case "win-back":
      return addDays(input.runAt, view.settings.relevantForDays);
    case "browse-abandonment":
    case "cart-abandonment":
      return addHours(input.runAt, view.settings.relevantForHours);
    case "exit-intent":
      // Onsite offers are decided live in the storefront; a queued one has a day at most.
      return addDays(input.runAt, 1);
  }
}

function viewOf(input: EligibilityInput): ScenarioView {
  return { key: input.scenario, settings: input.settings } as ScenarioView;
}

const RULES: Rule[] = [sendable, stillMeaningful, inAudience, consented, branchMet, relevant, outsideQuietHours, withinBudget];

/** The first rule with an objection decides; a message no rule objects to is sent. */
export function evaluateEligibility(input: EligibilityInput): Verdict {
  const facts: Facts = { input, view: viewOf(input), deadline: relevanceDeadline(input) };
  for (const rule of RULES) {
    const verdict = rule(facts);
    if (verdict) return verdict;
  }
  return { action: "send" };
}
