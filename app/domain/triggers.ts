// The planner: what a domain event means for the enabled scenarios, as messages to plan.
// Planning is generous (the send-time re-check decides); every key is deterministic so replays are no-ops.
import { normalizeCode } from "./coupons";
import { SCENARIOS, messageKey } from "./scenarios";
import type { ScenarioSettingsMap } from "./scenarios";
import { addDays, addHours, addMinutes, atLocalTime, parseHhmm } from "./schedule";
import type { DomainEvent, PlanAction, PlannedMessage, ScenarioKey, ShopPolicy } from "./types";

export type PlanContext = {
  shop: string;
  policy: ShopPolicy;
  enabled(key: ScenarioKey): boolean;
  settings<K extends ScenarioKey>(key: K): ScenarioSettingsMap[K];
  /** The projection before this event. */
  customer: { shopifyId: string; email: string | null; ordersCount: number; signedUpAt: Date | null } | null;
  /** For order events. */
  order: { shopifyId: string; email: string | null; customerShopifyId: string | null; fulfilledAt: Date | null; deliveredAt: Date | null } | null;
};

type Recipient = { customerShopifyId: string | null; email: string | null };

type Draft = Omit<PlannedMessage, "key" | "about" | "checkoutToken" | "orderShopifyId" | "couponCode"> &
  Partial<Pick<PlannedMessage, "checkoutToken" | "orderShopifyId" | "couponCode">>;

function lower(email: string | null | undefined): string | null {
  const trimmed = email?.trim();
  return trimmed ? trimmed.toLowerCase() : null;
}

type Plan = Extract<PlanAction, { type: "plan" }>;

function planned(shop: string, about: string, draft: Draft): Plan {
  return {
    type: "plan",
    message: {
      ...draft,
      key: messageKey(shop, draft.scenario, about, draft.step),
      about,
      checkoutToken: draft.checkoutToken ?? null,
      orderShopifyId: draft.orderShopifyId ?? null,
      couponCode: draft.couponCode ?? null,
    },
  };
}

export function planForEvent(event: DomainEvent, ctx: PlanContext): PlanAction[] {
  switch (event.kind) {
    case "CustomerSignedUp":
      return planWelcome(ctx, { customerShopifyId: event.customer.shopifyId, email: lower(event.customer.email) ?? lower(ctx.customer?.email) }, event.at, event.at);
    case "ConsentChanged":
      return planWelcomeOnConsent(event, ctx);
    case "CheckoutStarted":
      return planCartRecovery(event.checkout, ctx);
    case "OrderFulfilled":
      return [...planPostDeliveryEstimate(event, ctx), ...planSecondOrderEstimate(event, ctx)];
    case "OrderDelivered":
      return [...planPostDeliveryActual(event, ctx), ...planSecondOrderActual(event, ctx)];
    case "CustomerUpdated":
    case "OrderPlaced":
    case "OrderCancelled":
    case "OrderRefunded":
    case "AppUninstalled":
    case "ShopUpdated":
    case "BulkOperationFinished":
    case "ProductChanged":
    case "CustomerDataRequested":
    case "CustomerRedacted":
    case "ShopRedacted":
      return [];
  }
}

/** Planned even without an email or for a repeat buyer: the recorded skip tells the merchant why. */
function planWelcome(ctx: PlanContext, who: Recipient & { customerShopifyId: string }, triggeredAt: Date, runAt: Date): PlanAction[] {
  if (!ctx.enabled("welcome")) return [];
  return [planned(ctx.shop, `customer:${who.customerShopifyId}`, { scenario: "welcome", step: 0, ...who, triggeredAt, runAt })];
}

/** Consent often lands after signup; a fresh signup that now has consent still deserves its welcome. */
function planWelcomeOnConsent(event: Extract<DomainEvent, { kind: "ConsentChanged" }>, ctx: PlanContext): PlanAction[] {
  if (event.consent !== "subscribed" || !ctx.enabled("welcome")) return [];
  const signedUpAt = ctx.customer?.signedUpAt;
  if (!signedUpAt) return [];
  const window = ctx.settings("welcome").relevantForHours;
  if (signedUpAt.getTime() < addHours(event.at, -window).getTime()) return [];
  const email = lower(event.email) ?? lower(ctx.customer?.email);
  return planWelcome(ctx, { customerShopifyId: event.customerShopifyId, email }, signedUpAt, event.at);
}

function planCartRecovery(checkout: Extract<DomainEvent, { kind: "CheckoutStarted" }>["checkout"], ctx: PlanContext): PlanAction[] {
  if (checkout.completedAt || !ctx.enabled("cart-recovery")) return [];
  const email = lower(checkout.email) ?? lower(ctx.customer?.email);
  if (!email) return [];
  const about = `checkout:${checkout.token}`;
  const actions: PlanAction[] = [];
  ctx.settings("cart-recovery").delaysMinutes.forEach((delay, step) => {
    if (typeof delay !== "number" || !Number.isFinite(delay) || delay < 0) return;
    actions.push(
      planned(ctx.shop, about, {
        scenario: "cart-recovery",
        step,
        customerShopifyId: checkout.customerShopifyId ?? ctx.customer?.shopifyId ?? null,
        email,
        checkoutToken: checkout.token,
        triggeredAt: checkout.createdAt,
        runAt: addMinutes(checkout.createdAt, delay),
      }),
    );
  });
  return actions;
}

function orderRecipient(event: { order?: { email: string | null; customer: { shopifyId: string; email: string | null } | null } | null }, ctx: PlanContext): Recipient {
  return {
    customerShopifyId: event.order?.customer?.shopifyId ?? ctx.order?.customerShopifyId ?? ctx.customer?.shopifyId ?? null,
    email: lower(event.order?.email) ?? lower(event.order?.customer?.email) ?? lower(ctx.order?.email) ?? lower(ctx.customer?.email),
  };
}

function postDelivery(ctx: PlanContext, orderShopifyId: string, who: Recipient, deliveredAt: Date, runAt: Date): Plan {
  return planned(ctx.shop, `order:${orderShopifyId}`, { scenario: "post-delivery", step: 0, ...who, orderShopifyId, triggeredAt: deliveredAt, runAt });
}

/** Fulfilled is all some carriers report: estimate the delivery unless the real one is already known. */
function planPostDeliveryEstimate(event: Extract<DomainEvent, { kind: "OrderFulfilled" }>, ctx: PlanContext): PlanAction[] {
  if (!ctx.enabled("post-delivery")) return [];
  const s = ctx.settings("post-delivery");
  const deliveredAt = ctx.order?.deliveredAt ?? addDays(event.at, s.estimatedTransitDays);
  return [postDelivery(ctx, event.orderShopifyId, orderRecipient(event, ctx), ctx.order?.deliveredAt ?? event.at, addDays(deliveredAt, s.daysAfterDelivery))];
}

/** The real delivery replaces an estimate planned at fulfilment, if that one has not gone out yet. */
function planPostDeliveryActual(event: Extract<DomainEvent, { kind: "OrderDelivered" }>, ctx: PlanContext): PlanAction[] {
  if (!ctx.enabled("post-delivery")) return [];
  const runAt = addDays(event.at, ctx.settings("post-delivery").daysAfterDelivery);
  const plan = postDelivery(ctx, event.orderShopifyId, orderRecipient({}, ctx), event.at, runAt);
  return [plan, { type: "reschedule", key: plan.message.key, runAt, triggeredAt: event.at }];
}

/**
 * The delivered order is the buyer's first when our projection counts exactly one order for them. A
 * guest we hold no customer for, or a buyer with more orders, is not a first-time buyer we can name.
 */
function isFirstOrder(ctx: PlanContext): boolean {
  return ctx.customer !== null && ctx.customer.ordersCount === 1;
}

function secondOrder(ctx: PlanContext, orderShopifyId: string, who: Recipient, deliveredAt: Date, runAt: Date): Plan {
  return planned(ctx.shop, `order:${orderShopifyId}`, { scenario: "second-order", step: 0, ...who, orderShopifyId, triggeredAt: deliveredAt, runAt });
}

/** A first order only fulfilled: its delivery is estimated, as for the review request. */
function planSecondOrderEstimate(event: Extract<DomainEvent, { kind: "OrderFulfilled" }>, ctx: PlanContext): PlanAction[] {
  if (!ctx.enabled("second-order") || !isFirstOrder(ctx)) return [];
  const s = ctx.settings("second-order");
  const deliveredAt = ctx.order?.deliveredAt ?? addDays(event.at, s.estimatedTransitDays);
  return [secondOrder(ctx, event.orderShopifyId, orderRecipient(event, ctx), deliveredAt, addDays(deliveredAt, s.daysAfterDelivery))];
}

/** The real delivery of a first order moves a nudge planned from the estimate, if it has not gone out. */
function planSecondOrderActual(event: Extract<DomainEvent, { kind: "OrderDelivered" }>, ctx: PlanContext): PlanAction[] {
  if (!ctx.enabled("second-order") || !isFirstOrder(ctx)) return [];
  const runAt = addDays(event.at, ctx.settings("second-order").daysAfterDelivery);
  const plan = secondOrder(ctx, event.orderShopifyId, orderRecipient({}, ctx), event.at, runAt);
  return [plan, { type: "reschedule", key: plan.message.key, runAt, triggeredAt: event.at }];
}

export type IssuedCoupon = { code: string; endsAt: Date; issuedAt: Date; email: string | null; customerShopifyId: string | null };

/** A reminder `daysBefore` the end, at the shop's local `sendAt`; none for a code too short-lived to remind. */
export function planCouponReminder(coupon: IssuedCoupon, ctx: Pick<PlanContext, "shop" | "policy" | "enabled" | "settings">): PlanAction[] {
  if (!ctx.enabled("coupon-expiry")) return [];
  const s = ctx.settings("coupon-expiry");
  const sendAt = parseHhmm(s.sendAt) ? s.sendAt : SCENARIOS["coupon-expiry"].defaults.sendAt;
  const runAt = atLocalTime(addDays(coupon.endsAt, -s.daysBefore), sendAt, ctx.policy.timezone);
  if (runAt.getTime() < coupon.issuedAt.getTime()) return [];
  const code = normalizeCode(coupon.code);
  return [
    planned(ctx.shop, `coupon:${code}`, {
      scenario: "coupon-expiry",
      step: 0,
      customerShopifyId: coupon.customerShopifyId,
      email: lower(coupon.email),
      couponCode: code,
      triggeredAt: coupon.issuedAt,
      runAt,
    }),
  ];
}
