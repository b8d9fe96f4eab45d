// How much the public pixel endpoint takes, counted in the database (UsageCounter) so that every app
// instance enforces the same caps, one atomic statement per count, per shop and UTC day:
// - requests per client address: a shopper's browsing is a few dozen; an office or a carrier's NAT
//   shares it; a script posting from one address stops here;
// - events per shopper (the customer the events claim to be about): a long browse is a hundred. It is
//   counted for every claimed shopper, known or not, so that its 429 says nothing about who exists.
import { createHash } from "node:crypto";
import type { Db } from "~/db.server";
import { addressDigest, countBy, dayOf, endOfDay } from "~/.server/channels/onsite/code-caps";

export const PIXEL_REQUESTS_PER_ADDRESS_PER_DAY = 2_000;
export const PIXEL_EVENTS_PER_SHOPPER_PER_DAY = 200;

/** A claimed shopper is personal data too: the counter's key holds a per-shop digest. */
const shopperDigest = (shop: string, who: string) => createHash("sha256").update(`shopper\u0000${shop}\u0000${who}`).digest("hex").slice(0, 24);

export const pixelCapKeys = (shop: string, now: Date) => ({
  address: (ip: string) => `pixel:ip:${shop}:${addressDigest(shop, ip)}:${dayOf(now)}`,
  shopper: (who: string) => `pixel:shopper:${shop}:${shopperDigest(shop, who)}:${dayOf(now)}`,
});

/** Counts the request against the address; false once the address is over its cap (it still counts). */
export async function takeRequest(db: Db, shop: string, ip: string, now: Date): Promise<boolean> {
  return (await countBy(db, shop, pixelCapKeys(shop, now).address(ip), 1, endOfDay(now))) <= PIXEL_REQUESTS_PER_ADDRESS_PER_DAY;
}

/**
 * Counts `n` events against the shopper and says how many of them fit under the cap (the first ones):
 * the count only grows, so concurrent batches can never store more than the cap between them.
 */
export async function takeEvents(db: Db, shop: string, who: string, n: number, now: Date): Promise<number> {
  const after = await countBy(db, shop, pixelCapKeys(shop, now).shopper(who), n, endOfDay(now));
  return Math.max(0, Math.min(n, PIXEL_EVENTS_PER_SHOPPER_PER_DAY - (after - n)));
}
