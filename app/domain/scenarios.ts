// The prebuilt scenario catalogue: what each scenario reacts to, its defaults, and its one KPI.
import { isBranchCondition, type BranchCondition } from "./branch";
import { settingField } from "./scenario-fields";
import type { OfferSettings } from "./coupons";
import type { ScenarioKey, TriggerKind } from "./types";

/** The offer of a scenario that issues a code (percentOff counts for percentage codes only). */
export type WelcomeSettings = OfferSettings & {
  /** How long the first-order code stays valid. */
  couponDaysValid: number;
  /** How long to wait for the consent webhook when signup arrives before it. */
  awaitConsentMinutes: number;
  /** After this long, a welcome is stale and is skipped instead of sent. */
  relevantForHours: number;
  respectQuietHours: boolean;
};

export type CartRecoverySettings = {
  /** One message per entry, minutes after the checkout started. */
  delaysMinutes: number[];
  /** Each step stays relevant this long after its planned time. */
  relevantForHours: number;
  /** When the second and third reminders go out, judged on the one before. */
  step2When: BranchCondition;
  step3When: BranchCondition;
  respectQuietHours: boolean;
};

export type CouponExpirySettings = {
  daysBefore: number;
  /** Local shop time of day, "HH:MM". */
  sendAt: string;
  /** Do not remind when fewer than this many hours remain. */
  minHoursLeft: number;
  respectQuietHours: boolean;
};

export type PostDeliverySettings = {
  daysAfterDelivery: number;
  /** Used when only `orders/fulfilled` is known: fulfilled + transit estimate = delivered. */
  estimatedTransitDays: number;
  relevantForDays: number;
  respectQuietHours: boolean;
};

export type SecondOrderSettings = OfferSettings & {
  /** Days after the first order arrived. */
  daysAfterDelivery: number;
  /** Used when only `orders/fulfilled` is known: fulfilled + transit estimate = delivered. */
  estimatedTransitDays: number;
  /** How long the second-order code stays valid. */
  couponDaysValid: number;
  relevantForDays: number;
  respectQuietHours: boolean;
};

/** The offer is the stronger one, in step 2. */
export type WinBackSettings = OfferSettings & {
  /** Days between the reminder, the stronger offer and the last "shall we keep writing?". */
  daysBetweenSteps: number;
  couponDaysValid: number;
  step2When: BranchCondition;
  step3When: BranchCondition;
  /** Without a click on the last step within this many days, the person is sunset: no more marketing. */
  sunsetAfterDays: number;
  relevantForDays: number;
  respectQuietHours: boolean;
};

/** Browse and cart reminders: one email some hours after a product was viewed or added to the cart. */
export type ShopperReminderSettings = {
  delayHours: number;
  relevantForHours: number;
  respectQuietHours: boolean;
};

export type ExitIntentSettings = OfferSettings & {
  couponDaysValid: number;
  /** After a dismissal, the modal stays away this many days. */
  dismissDays: number;
  /** A shopper who already ordered sees a reminder of the product they are looking at, or nothing. */
  repeatCustomerOffer: "reminder" | "none";
  /** A visitor's session ends after this many minutes without a modal event: one showing per session. */
  sessionMinutes: number;
};

export type ScenarioSettingsMap = {
  welcome: WelcomeSettings;
  "exit-intent": ExitIntentSettings;
  "cart-recovery": CartRecoverySettings;
  "coupon-expiry": CouponExpirySettings;
  "post-delivery": PostDeliverySettings;
  "second-order": SecondOrderSettings;
  "win-back": WinBackSettings;
  "browse-abandonment": ShopperReminderSettings;
  "cart-abandonment": ShopperReminderSettings;
};

export type ScenarioDefinition<K extends ScenarioKey = ScenarioKey> = {
  key: K;
  trigger: TriggerKind;
  channel: "email" | "onsite";
  /** Human timing, for the admin and the demo timeline. */
  timing: string;
  kpi: { name: string; description: string };
  /** Marketing email needs consent, the budget and the legal footer. All of ours are marketing. */
  marketing: boolean;
  /** Only people who have never ordered may receive it (first-order coupon). */
  firstOrderOnly: boolean;
  defaults: ScenarioSettingsMap[K];
};

export const SCENARIOS: { [K in ScenarioKey]: ScenarioDefinition<K> } = {
  welcome: {
    key: "welcome",
    trigger: "signup",
    channel: "email",
    timing: "right after signup",
    kpi: { name: "first-order rate (7 days)", description: "share of welcomed customers who place a first order within 7 days" },
    marketing: true,
    firstOrderOnly: true,
    defaults: { discountType: "percentage", percentOff: 10, amountOff: 5, minimumSubtotal: 0, couponDaysValid: 14, awaitConsentMinutes: 60, relevantForHours: 72, respectQuietHours: false },
  },
  "exit-intent": {
    key: "exit-intent",
    trigger: "exit",
    channel: "onsite",
    timing: "when the visitor is leaving",
    kpi: { name: "modal → order rate", description: "orders that used a modal code ÷ impressions" },
    marketing: true,
    firstOrderOnly: true,
    defaults: { discountType: "percentage", percentOff: 10, amountOff: 5, minimumSubtotal: 0, couponDaysValid: 7, dismissDays: 7, repeatCustomerOffer: "reminder", sessionMinutes: 30 },
  },
  "cart-recovery": {
    key: "cart-recovery",
    trigger: "checkout-started",
    channel: "email",
    timing: "1 h and 24 h after checkout started",
    kpi: { name: "checkout recovery rate", description: "reminded checkouts completed by an order" },
    marketing: true,
    firstOrderOnly: false,
    defaults: { delaysMinutes: [60, 1440], relevantForHours: 12, step2When: "always", step3When: "always", respectQuietHours: true },
  },
  "coupon-expiry": {
    key: "coupon-expiry",
    trigger: "coupon-expiring",
    channel: "email",
    timing: "1 day before a code expires, at 10:00 shop time",
    kpi: { name: "coupon use rate", description: "reminded codes used on an order before they expired" },
    marketing: true,
    firstOrderOnly: false,
    defaults: { daysBefore: 1, sendAt: "10:00", minHoursLeft: 2, respectQuietHours: true },
  },
  "post-delivery": {
    key: "post-delivery",
    trigger: "delivered",
    channel: "email",
    timing: "3 days after delivery",
    kpi: { name: "review-click / repeat-order rate", description: "review clicks and repeat orders after the message" },
    marketing: true,
    firstOrderOnly: false,
    defaults: { daysAfterDelivery: 3, estimatedTransitDays: 4, relevantForDays: 7, respectQuietHours: true },
  },
  "second-order": {
    key: "second-order",
    trigger: "delivered",
    channel: "email",
    timing: "14 days after a first order was delivered",
    kpi: { name: "second-order rate (30 days)", description: "first-time buyers nudged who place a second order within 30 days" },
    marketing: true,
    firstOrderOnly: false,
    defaults: { daysAfterDelivery: 14, estimatedTransitDays: 4, discountType: "percentage", percentOff: 10, amountOff: 5, minimumSubtotal: 0, couponDaysValid: 14, relevantForDays: 7, respectQuietHours: true },
  },
  "win-back": {
    key: "win-back",
    trigger: "dormant",
    channel: "email",
    timing: "once a buyer turns dormant: a reminder, a stronger offer a week later if it was not clicked, then “shall we keep writing?”",
    kpi: { name: "reactivation rate (30 days)", description: "dormant buyers sent the first step who order within 30 days of it" },
    marketing: true,
    firstOrderOnly: false,
    defaults: {
      daysBetweenSteps: 7,
      discountType: "percentage",
      percentOff: 15,
      amountOff: 5,
      minimumSubtotal: 0,
      couponDaysValid: 14,
      step2When: "not_clicked",
      step3When: "not_clicked",
      sunsetAfterDays: 14,
      relevantForDays: 3,
      respectQuietHours: true,
    },
  },
  "browse-abandonment": {
    key: "browse-abandonment",
    trigger: "product-viewed",
    channel: "email",
    timing: "4 h after an identified shopper viewed a product",
    kpi: { name: "order rate (7 days)", description: "reminded shoppers who place an order within 7 days" },
    marketing: true,
    firstOrderOnly: false,
    defaults: { delayHours: 4, relevantForHours: 24, respectQuietHours: true },
  },
  "cart-abandonment": {
    key: "cart-abandonment",
    trigger: "added-to-cart",
    channel: "email",
    timing: "2 h after an identified shopper added a product to the cart without starting a checkout",
    kpi: { name: "order rate (7 days)", description: "reminded shoppers who place an order within 7 days" },
    marketing: true,
    firstOrderOnly: false,
    defaults: { delayHours: 2, relevantForHours: 24, respectQuietHours: true },
  },
};

/** How many steps a win-back has: reminder, stronger offer, "shall we keep writing?". */
export const WIN_BACK_STEPS = 3;

/** The engagement condition a step (0-based) must meet; the first step always goes. */
export function stepCondition(settings: ScenarioSettingsMap[ScenarioKey], step: number): BranchCondition {
  if (step < 1) return "always";
  const value = (settings as Partial<Record<"step2When" | "step3When", unknown>>)[step === 1 ? "step2When" : "step3When"];
  return isBranchCondition(value) ? value : "always";
}

/** Catalogue order doubles as the default priority: highest first. */
export const DEFAULT_PRIORITY: ScenarioKey[] = [
  "cart-recovery",
  "cart-abandonment",
  "coupon-expiry",
  "welcome",
  "browse-abandonment",
  "second-order",
  "win-back",
  "post-delivery",
  "exit-intent",
];

export const SCENARIO_KEYS = Object.keys(SCENARIOS) as ScenarioKey[];

export function isScenarioKey(value: string): value is ScenarioKey {
  return Object.hasOwn(SCENARIOS, value);
}

/** Merchant settings merged over the defaults; unknown keys are dropped, wrong types fall back. */
export function scenarioSettings<K extends ScenarioKey>(key: K, stored: unknown): ScenarioSettingsMap[K] {
  const defaults = SCENARIOS[key].defaults as Record<string, unknown>;
  const given = stored && typeof stored === "object" ? (stored as Record<string, unknown>) : {};
  const merged: Record<string, unknown> = { ...defaults };
  for (const [name, fallback] of Object.entries(defaults)) {
    const value = given[name];
    if (value === undefined) continue;
    const field = settingField(key, name);
    if (field?.kind === "choice" && !field.options.includes(value as string)) continue;
    if (Array.isArray(fallback) ? Array.isArray(value) : typeof value === typeof fallback) merged[name] = value;
  }
  return merged as ScenarioSettingsMap[K];
}

/** Deterministic message key: shop:scenario:about:step. */
export function messageKey(shop: string, scenario: ScenarioKey, about: string, step: number): string {
  return `${shop}:${scenario}:${about}:${step}`;
}
