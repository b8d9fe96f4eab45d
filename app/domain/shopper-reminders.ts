// Browse and cart reminders: an identified shopper who viewed a product, or added it to the cart
// without starting a checkout, gets one email some hours later. At most one per product per week:
// the week is part of the message's key, and the send-time check skips a reminder about a product
// already reminded of in the seven days before. Pure: time is passed in.
import { addHours } from "./schedule";
import { messageKey, type ScenarioSettingsMap } from "./scenarios";
import type { ShopperEventType } from "./shopper-events";
import type { PlanAction, ScenarioKey } from "./types";

/** An event the pixel reported and the app kept: for a customer the projection knows, with consent. */
export type ShopperEventFacts = { type: ShopperEventType; customerShopifyId: string; email: string; productId: string; at: Date };

export type ShopperReminderContext = {
  shop: string;
  enabled(key: ScenarioKey): boolean;
  settings<K extends "browse-abandonment" | "cart-abandonment">(key: K): ScenarioSettingsMap[K];
};

/** A product reminded of within this many days is not reminded of again. */
export const REMIND_ONCE_PER_DAYS = 7;

const WEEK_MS = 7 * 86_400_000;
/** 1970-01-01 was a Thursday: weeks counted from the Monday before it start on Mondays (UTC). */
const MONDAY_OFFSET_MS = 3 * 86_400_000;

/** The Monday (UTC) of the event's week, as YYYY-MM-DD. */
export function weekOf(at: Date): string {
  const start = Math.floor((at.getTime() + MONDAY_OFFSET_MS) / WEEK_MS) * WEEK_MS - MONDAY_OFFSET_MS;
  return new Date(start).toISOString().slice(0, 10);
}

export function reminderScenario(type: ShopperEventType): "browse-abandonment" | "cart-abandonment" {
  return type === "product_viewed" ? "browse-abandonment" : "cart-abandonment";
}

/** The reminder an event plans: the first event of the week for a product sets its time; later ones change nothing. */
export function planShopperReminder(event: ShopperEventFacts, ctx: ShopperReminderContext): PlanAction[] {
  const scenario = reminderScenario(event.type);
  if (!ctx.enabled(scenario)) return [];
  const about = `customer:${event.customerShopifyId}:product:${event.productId}:week:${weekOf(event.at)}`;
  return [
    {
      type: "plan",
      message: {
        key: messageKey(ctx.shop, scenario, about, 0),
        scenario,
        step: 0,
        about,
        customerShopifyId: event.customerShopifyId,
        email: event.email.toLowerCase(),
        checkoutToken: null,
        orderShopifyId: null,
        couponCode: null,
        productShopifyId: event.productId,
        triggeredAt: event.at,
        runAt: addHours(event.at, ctx.settings(scenario).delayHours),
      },
    },
  ];
}
