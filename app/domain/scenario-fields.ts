// Every setting a merchant can change on a scenario, once: its name, its kind and its range. The
// editor's validation (~/.server/admin/scenario-form), its fields (~/components/settings-fields) and
// the conversion of what was typed (~/components/editor-state) all read this list; the catalogue's
// defaults (./scenarios) and the settings types name the same fields, which a test holds together.
import { BRANCH_CONDITIONS } from "./branch";
import { DISCOUNT_TYPES } from "./coupons";
import type { ScenarioKey } from "./types";

export const MIN_DELAY_MINUTES = 5;
export const MAX_DELAY_MINUTES = 14 * 24 * 60;
export const MAX_STEPS = 3;

export type SettingField =
  | { name: string; kind: "int"; min: number; max: number }
  | { name: string; kind: "bool" }
  /** Shop time of day, "HH:MM". */
  | { name: string; kind: "time" }
  | { name: string; kind: "choice"; options: readonly string[] }
  /** Increasing delays in minutes, one per step (the editor shows them as steps with a unit). */
  | { name: string; kind: "delays"; min: number; max: number; maxSteps: number };

const int = (name: string, min: number, max: number): SettingField => ({ name, kind: "int", min, max });
const quietHours: SettingField = { name: "respectQuietHours", kind: "bool" };
const branch = (name: string): SettingField => ({ name, kind: "choice", options: BRANCH_CONDITIONS });
/**
 * A coupon scenario's offer: a percentage or a fixed amount off (whole units of the shop's currency,
 * 3000 for 3,000원), and a minimum order subtotal in the same units (0: none).
 */
const offer = (): SettingField[] => [
  { name: "discountType", kind: "choice", options: DISCOUNT_TYPES },
  int("percentOff", 1, 90),
  int("amountOff", 1, 10_000_000),
  int("minimumSubtotal", 0, 100_000_000),
];

export const SETTING_FIELDS: Record<ScenarioKey, readonly SettingField[]> = {
  welcome: [...offer(), int("couponDaysValid", 1, 90), int("awaitConsentMinutes", 0, 24 * 60), int("relevantForHours", 1, 14 * 24), quietHours],
  "exit-intent": [
    ...offer(),
    int("couponDaysValid", 1, 90),
    int("dismissDays", 1, 90),
    { name: "repeatCustomerOffer", kind: "choice", options: ["reminder", "none"] },
    int("sessionMinutes", 5, 24 * 60),
  ],
  "cart-recovery": [
    { name: "delaysMinutes", kind: "delays", min: MIN_DELAY_MINUTES, max: MAX_DELAY_MINUTES, maxSteps: MAX_STEPS },
    int("relevantForHours", 1, 7 * 24),
    branch("step2When"),
    branch("step3When"),
    quietHours,
  ],
  "coupon-expiry": [int("daysBefore", 1, 30), { name: "sendAt", kind: "time" }, int("minHoursLeft", 0, 72), quietHours],
  "post-delivery": [int("daysAfterDelivery", 1, 60), int("estimatedTransitDays", 1, 30), int("relevantForDays", 1, 60), quietHours],
  "second-order": [
    int("daysAfterDelivery", 1, 90),
    int("estimatedTransitDays", 1, 30),
    ...offer(),
    int("couponDaysValid", 1, 90),
    int("relevantForDays", 1, 60),
    quietHours,
  ],
  "browse-abandonment": [int("delayHours", 1, 72), int("relevantForHours", 1, 7 * 24), quietHours],
  "cart-abandonment": [int("delayHours", 1, 72), int("relevantForHours", 1, 7 * 24), quietHours],
  "win-back": [
    int("daysBetweenSteps", 1, 60),
    ...offer(),
    int("couponDaysValid", 1, 90),
    branch("step2When"),
    branch("step3When"),
    int("sunsetAfterDays", 1, 90),
    int("relevantForDays", 1, 30),
    quietHours,
  ],
};

/** The field named `name` of a scenario, if the merchant can set it. */
export function settingField(scenario: ScenarioKey, name: string): SettingField | undefined {
  return SETTING_FIELDS[scenario].find((f) => f.name === name);
}
