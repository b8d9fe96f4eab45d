// What the web pixel reports about an identified shopper, and when it counts as having happened. The
// browse- and cart-reminder scenarios start from these events.

export const SHOPPER_EVENT_TYPES = ["product_viewed", "product_added_to_cart"] as const;
export type ShopperEventType = (typeof SHOPPER_EVENT_TYPES)[number];

/** How the pixel knew who the shopper is: logged in, or arrived from one of our emails. */
export type ShopperEventSource = "customer" | "email";

/** Browsing older than this reminds nobody of anything: the daily purge deletes it. */
export const SHOPPER_EVENT_KEPT_DAYS = 30;

/** A pixel batch sent this late is no longer "what they just looked at". */
export const SHOPPER_EVENT_MAX_AGE_MS = 24 * 60 * 60_000;

/**
 * The event's time as the app keeps it: the storefront's clock, never later than the arrival (a
 * visitor's clock can be ahead), or null when the report is too old to keep.
 */
export function shopperEventTime(reported: Date, receivedAt: Date): Date | null {
  if (!Number.isFinite(reported.getTime())) return null;
  if (reported.getTime() > receivedAt.getTime()) return receivedAt;
  return receivedAt.getTime() - reported.getTime() > SHOPPER_EVENT_MAX_AGE_MS ? null : reported;
}
