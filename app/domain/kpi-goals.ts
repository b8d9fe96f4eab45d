// Each scenario's one KPI, as a per-message "goal reached" fact recorded when the deciding event
// happens (an order, a click). The report then only counts goals: it never re-derives them from orders.
import type { ScenarioKey } from "./types";
import { addDays } from "./schedule";

/** Welcome: a first order within this many days of the send. */
export const WELCOME_GOAL_DAYS = 7;
/** Post-delivery: a click or a repeat order within this many days of the send. */
export const POST_DELIVERY_GOAL_DAYS = 14;

/** Second order: any order within this many days of the nudge (it goes only to first-time buyers). */
export const SECOND_ORDER_GOAL_DAYS = 30;

/** Browse and cart reminders: an order within this many days of the reminder. */
export const SHOPPER_REMINDER_GOAL_DAYS = 7;

/** Win-back: an order within this many days of its first step (the series counts once, on that step). */
export const WIN_BACK_GOAL_DAYS = 30;

/** A sent (or held-out) message to the buyer, or about the order's checkout or code. */
export type GoalCandidate = {
  messageId: string;
  scenario: string;
  step: number;
  /** Sent, or for a holdout message the moment it would have been. */
  sentAt: Date;
  checkoutToken: string | null;
  couponCode: string | null;
};

export type GoalOrder = { placedAt: Date; checkoutToken: string | null; codes: string[] };

function within(sentAt: Date, at: Date, days: number | null): boolean {
  if (at.getTime() < sentAt.getTime()) return false;
  return days === null || at.getTime() <= addDays(sentAt, days).getTime();
}

/** The messages whose goal this order reaches. Welcome messages only go to first-time buyers, so their first order after it is the first order. */
export function goalsReachedByOrder(order: GoalOrder, candidates: GoalCandidate[]): string[] {
  return candidates
    .filter((m) => {
      const scenario = m.scenario as ScenarioKey;
      switch (scenario) {
        case "welcome":
          return within(m.sentAt, order.placedAt, WELCOME_GOAL_DAYS);
        case "cart-recovery":
          return m.checkoutToken !== null && m.checkoutToken === order.checkoutToken && within(m.sentAt, order.placedAt, null);
        case "coupon-expiry":
          return m.couponCode !== null && order.codes.includes(m.couponCode.toUpperCase()) && within(m.sentAt, order.placedAt, null);
        case "post-delivery":
          return within(m.sentAt, order.placedAt, POST_DELIVERY_GOAL_DAYS);
        case "second-order":
          return within(m.sentAt, order.placedAt, SECOND_ORDER_GOAL_DAYS);
        case "win-back":
          return m.step === 0 && within(m.sentAt, order.placedAt, WIN_BACK_GOAL_DAYS);
        case "browse-abandonment":
        case "cart-abandonment":
          return within(m.sentAt, order.placedAt, SHOPPER_REMINDER_GOAL_DAYS);
        case "exit-intent":
          return false;
        default:
          return false;
      }
    })
    .map((m) => m.messageId);
}

/** Only post-delivery counts a click as its goal (a review click); holdout messages are never clicked. */
export function clickReachesGoal(scenario: string, sentAt: Date, clickedAt: Date): boolean {
  return scenario === "post-delivery" && within(sentAt, clickedAt, POST_DELIVERY_GOAL_DAYS);
}
