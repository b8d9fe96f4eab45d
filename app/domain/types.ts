// The vocabulary of the domain core. Plain data: no Shopify, Prisma or Remix types, no clock.

/** The prebuilt scenarios. One key per scenario, stable: keys appear in message keys and settings. */
export type ScenarioKey = "welcome" | "exit-intent" | "cart-recovery" | "coupon-expiry" | "post-delivery" | "second-order" | "win-back" | "browse-abandonment" | "cart-abandonment";

/**
 * The five timing triggers of the product; "dormant": no order for the shop's dormant threshold (found
 * by an hourly job); a product viewed or added to the cart, as the web pixel reports it.
 */
export type TriggerKind = "signup" | "exit" | "checkout-started" | "coupon-expiring" | "delivered" | "dormant" | "product-viewed" | "added-to-cart";

export type EmailConsent = "subscribed" | "not_subscribed" | "unsubscribed" | "pending" | "unknown";

export type Money = { cents: number; currency: string | null };

/** `priceCents`: the unit price. The ids are Shopify's; null for a custom item (no product behind it). */
export type LineItem = { title: string; variantTitle: string | null; quantity: number; priceCents: number; productShopifyId?: string | null; variantShopifyId?: string | null };

/** A person as the webhooks describe them. Any field may be missing. */
export type CustomerFacts = {
  shopifyId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  locale: string | null;
  createdAt: Date | null;
  updatedAt: Date | null;
};

export type CheckoutFacts = {
  token: string;
  email: string | null;
  customerShopifyId: string | null;
  firstName: string | null;
  locale: string | null;
  recoveryUrl: string | null;
  acceptsMarketing: boolean;
  lineItems: LineItem[];
  total: Money;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
};

export type OrderFacts = {
  shopifyId: string;
  name: string | null;
  checkoutToken: string | null;
  customer: CustomerFacts | null;
  email: string | null;
  acceptsMarketing: boolean;
  discountCodes: string[]; // upper-cased
  /** The first line item's product: the one the review request asks about. */
  productShopifyId: string | null;
  /** What was bought, in the order's order (absent from facts read before line items were kept). */
  lineItems?: LineItem[];
  total: Money;
  financialStatus: string | null;
  placedAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
};

/** What shop/update says of the shop; null where the payload did not say. */
export type ShopFacts = { name: string | null; email: string | null; timezone: string | null; countryCode: string | null; primaryDomain: string | null };

/**
 * What a webhook means for the product, independent of its topic's payload shape.
 * `at` is when it happened at the shop (payload timestamp or X-Shopify-Triggered-At), never arrival time.
 */

export type DomainEvent =
  | { kind: "CustomerSignedUp"; at: Date; customer: CustomerFacts }
  | { kind: "CustomerUpdated"; at: Date; customer: CustomerFacts }
  | { kind: "ConsentChanged"; at: Date; customerShopifyId: string; email: string | null; consent: EmailConsent }
  | { kind: "CheckoutStarted"; at: Date; checkout: CheckoutFacts }
  | { kind: "OrderPlaced"; at: Date; order: OrderFacts }
  | { kind: "OrderCancelled"; at: Date; orderShopifyId: string; order: OrderFacts | null }
  | { kind: "OrderRefunded"; at: Date; orderShopifyId: string }
  | { kind: "OrderFulfilled"; at: Date; orderShopifyId: string; order: OrderFacts | null }
  | { kind: "OrderDelivered"; at: Date; orderShopifyId: string }
  | { kind: "AppUninstalled"; at: Date }
  | { kind: "ShopUpdated"; at: Date; shop: ShopFacts }
  | { kind: "BulkOperationFinished"; at: Date; operationId: string; status: string }
  /** A product changed or was deleted (`updatedAt` null): what emails show of it is read again. */
  | { kind: "ProductChanged"; at: Date; productShopifyId: string; updatedAt: Date | null }
  | { kind: "CustomerDataRequested"; at: Date; customerShopifyId: string | null; email: string | null }
  | { kind: "CustomerRedacted"; at: Date; customerShopifyId: string | null; email: string | null; orderShopifyIds: string[] }
  | { kind: "ShopRedacted"; at: Date };

/** A mapper's answer: the events a payload means, or why it can never be mapped. */
export type MapResult =
  | { ok: true; events: DomainEvent[]; note?: string }
  | { ok: false; reason: string };

/** Every state of a message. Only the queue (~/.server/queue) writes them. */
export const MESSAGE_STATUSES = ["planned", "deferred", "sent", "skipped", "failed"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
/** Not decided yet: a pass may claim it, and an unsubscribe or an uninstall skips it. */
export const WAITING_STATUSES = ["planned", "deferred"] as const satisfies readonly MessageStatus[];

/** Why an address gets no marketing email from the shop (the Suppression table's reasons). */
/** `sunset`: an unanswered last win-back step; the merchant can reverse it, and it is never written back to Shopify. */
export type SuppressionReason = "unsubscribed" | "bounced" | "complaint" | "sunset";

/** Why a message was not sent: each has a sentence per language in app/i18n (`reason.<code>`). */
export const SKIP_REASONS = [
  "scenario_off",
  "shop_uninstalled",
  "sender_not_configured",
  "no_email",
  "no_consent",
  "unsubscribed",
  "bounced",
  "ordered_since",
  "checkout_completed",
  "not_first_time_buyer",
  "coupon_used",
  "coupon_expired",
  "order_cancelled",
  "order_refunded",
  "no_longer_relevant",
  "budget_exhausted",
  "quiet_hours_until_irrelevant",
  "template_refused",
  "holdout",
  "not_in_segment",
  "branch_not_met",
  "sunset",
  "checkout_started",
  "added_to_cart",
  "recently_reminded",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Why a message waits: each has a sentence per language too. */
export const DEFER_REASONS = ["frequency_budget", "quiet_hours", "awaiting_consent", "send_retry", "awaiting_previous_step"] as const;
export type DeferReason = (typeof DEFER_REASONS)[number];

/** Why a message failed for good: a sentence per language as well. */
export const FAIL_REASONS = ["send_failed", "bounced", "template_refused", "unknown_scenario"] as const;
export type FailReason = (typeof FAIL_REASONS)[number];

/** The code stored in Message.reason; its particulars go in Message.reasonDetail. */
export type MessageReason = SkipReason | DeferReason | FailReason;

/** The send-time verdict on one message. */
export type Verdict =
  | { action: "send" }
  | { action: "skip"; reason: SkipReason; detail?: string }
  | { action: "defer"; until: Date; reason: DeferReason; detail?: string };

/** Shop-level settings the core needs. Times are "HH:MM" in the shop's IANA time zone. */
export type ShopPolicy = {
  timezone: string;
  quietHours: { start: string; end: string } | null;
  budget: { minGapHours: number; maxPer7Days: number };
  /** Scenario keys, highest priority first. */
  priority: ScenarioKey[];
};

/** A message the planner wants to exist. `key` makes planning idempotent. */
export type PlannedMessage = {
  key: string;
  scenario: ScenarioKey;
  step: number;
  /** What it is about: customer:ID, checkout:TOKEN, order:ID, coupon:CODE (part of its key). */
  about: string;
  customerShopifyId: string | null;
  email: string | null;
  checkoutToken: string | null;
  orderShopifyId: string | null;
  couponCode: string | null;
  /** The product a browse or cart reminder is about. */
  productShopifyId?: string | null;
  triggeredAt: Date;
  runAt: Date;
};

/** What the planner asks the storage layer to do. Both are idempotent by key. */
export type PlanAction =
  | { type: "plan"; message: PlannedMessage }
  /** Move a not-yet-sent message to a better-known time (e.g. real delivery replaces the estimate). */
  | { type: "reschedule"; key: string; runAt: Date; triggeredAt: Date };
