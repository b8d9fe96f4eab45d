// Win-back: a buyer with no order for the shop's dormant threshold gets three steps — a reminder, a
// stronger offer, and "shall we keep writing to you?". Without a click on the last one in N days the
// person is sunset: no more marketing, until the merchant reverses it. Pure: time is passed in.
import { addDays } from "./schedule";
import { WIN_BACK_STEPS, messageKey, type ScenarioSettingsMap } from "./scenarios";
import type { PlanAction } from "./types";

/** Buyers whose last order is older than this are not written to: the address has likely gone cold. */
export const WIN_BACK_LOOKBACK_DAYS = 365;

/** A customer the hourly job found dormant: their last order is at least `dormantDays` old. */
export type DormantCustomer = { shopifyId: string; email: string; lastOrderAt: Date };

export type WinBackContext = { shop: string; settings: ScenarioSettingsMap["win-back"]; dormantDays: number };

/** One series per dormant spell: an order and a new spell later start a new series. */
export function winBackAbout(customer: Pick<DormantCustomer, "shopifyId" | "lastOrderAt">): string {
  return `customer:${customer.shopifyId}:dormant-after:${customer.lastOrderAt.toISOString()}`;
}

/** The first step's key: the job asks the queue which customers already have their series. */
export function winBackKey(shop: string, customer: Pick<DormantCustomer, "shopifyId" | "lastOrderAt">): string {
  return messageKey(shop, "win-back", winBackAbout(customer), 0);
}

/** The oldest and newest last-order time that makes a buyer due for a win-back at `now`. */
export function dormantWindow(dormantDays: number, now: Date): { lastOrderFrom: Date; lastOrderTo: Date } {
  return { lastOrderFrom: addDays(now, -WIN_BACK_LOOKBACK_DAYS), lastOrderTo: addDays(now, -dormantDays) };
}

/**
 * The three steps for a dormant customer. The series is triggered when they turned dormant; its first
 * step goes then, or now when the job finds them later (at install, or when the merchant switches it on).
 * Later steps go `daysBetweenSteps` apart; whether each goes is decided at send time (~/domain/branch).
 */
export function planWinBack(customer: DormantCustomer, ctx: WinBackContext, now: Date): PlanAction[] {
  const dormantAt = addDays(customer.lastOrderAt, ctx.dormantDays);
  if (dormantAt.getTime() > now.getTime() || customer.lastOrderAt.getTime() < addDays(now, -WIN_BACK_LOOKBACK_DAYS).getTime()) return [];
  const start = dormantAt.getTime() > now.getTime() ? dormantAt : now;
  const about = winBackAbout(customer);
  return Array.from({ length: WIN_BACK_STEPS }, (_, step): PlanAction => ({
    type: "plan",
    message: {
      key: messageKey(ctx.shop, "win-back", about, step),
      scenario: "win-back",
      step,
      about,
      customerShopifyId: customer.shopifyId,
      email: customer.email.toLowerCase(),
      checkoutToken: null,
      orderShopifyId: null,
      couponCode: null,
      triggeredAt: dormantAt,
      runAt: addDays(start, step * ctx.settings.daysBetweenSteps),
    },
  }));
}

/** Whether a last step sent at `sentAt`, never clicked, sunsets its reader at `now`. */
export function sunsetDue(sentAt: Date, settings: Pick<ScenarioSettingsMap["win-back"], "sunsetAfterDays">, now: Date): boolean {
  return addDays(sentAt, settings.sunsetAfterDays).getTime() <= now.getTime();
}
