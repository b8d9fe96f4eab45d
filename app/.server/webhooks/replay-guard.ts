// The HMAC covers a webhook's body, not its headers. For the topics that erase or stop a shop, a leaked
// signed body replayed with another shop's domain in X-Shopify-Shop-Domain, or long after the fact,
// must not act: the shop named inside the signed body has to match the header, and the delivery has
// to be within Shopify's retry window.
import type { Topic } from "./topics";

/** Shopify retries a delivery 8 times over about 4 hours; a day and a half covers any backlog on its side. */
export const DESTRUCTIVE_WINDOW_MS = 36 * 3_600_000;

const SHOP_FIELD: Partial<Record<Topic, "shop_domain" | "myshopify_domain">> = {
  "shop/redact": "shop_domain",
  "customers/redact": "shop_domain",
  "customers/data_request": "shop_domain",
  "app/uninstalled": "myshopify_domain",
};

export function isDestructive(topic: string): boolean {
  return Object.hasOwn(SHOP_FIELD, topic);
}

/** Null when the delivery may act; otherwise why it is refused. */
export function refuseReplay(topic: string, payload: unknown, headerShop: string, triggeredAt: Date | null, now: Date): string | null {
  const field = SHOP_FIELD[topic as Topic];
  if (!field) return null;
  const bodyShop = payload && typeof payload === "object" ? (payload as Record<string, unknown>)[field] : undefined;
  if (typeof bodyShop !== "string" || bodyShop.trim().toLowerCase() !== headerShop.trim().toLowerCase()) {
    return `${topic}: the shop in the signed body (${typeof bodyShop === "string" ? bodyShop.slice(0, 100) : "none"}) does not match X-Shopify-Shop-Domain`;
  }
  if (!triggeredAt) return `${topic}: X-Shopify-Triggered-At is missing`;
  if (now.getTime() - triggeredAt.getTime() > DESTRUCTIVE_WINDOW_MS) return `${topic}: triggered ${triggeredAt.toISOString()}, older than Shopify's retry window`;
  return null;
}
