// Stores a shopper's events, each once: a batch sent twice (a retried beacon, a replay) adds nothing,
// however many instances take it at the same moment (one INSERT … ON CONFLICT DO NOTHING).
import { randomUUID } from "node:crypto";
import { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";
import { SHOPPER_EVENT_KEPT_DAYS, type ShopperEventSource, type ShopperEventType } from "~/domain/shopper-events";

export type ShopperEventRow = { eventId: string; type: ShopperEventType; productId: string; variantId: string | null; at: Date };

/** How many were new. */
export async function storeShopperEvents(db: Db, who: { shop: string; customerShopifyId: string; source: ShopperEventSource }, events: ShopperEventRow[], receivedAt: Date): Promise<number> {
  if (events.length === 0) return 0;
  const rows = events.map(
    (e) => Prisma.sql`(${randomUUID()}, ${who.shop}, ${e.eventId}, ${who.customerShopifyId}, ${who.source}, ${e.type}, ${e.productId}, ${e.variantId}, ${e.at}, ${receivedAt})`,
  );
  return db.$executeRaw`
    INSERT INTO "ShopperEvent" ("id", "shop", "eventId", "customerShopifyId", "source", "type", "productId", "variantId", "at", "receivedAt")
    VALUES ${Prisma.join(rows)}
    ON CONFLICT ("shop", "eventId") DO NOTHING`;
}

/** Events older than the reminders can use (run by the daily purge). */
export async function purgeShopperEvents(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - SHOPPER_EVENT_KEPT_DAYS * 86_400_000);
  return (await db.shopperEvent.deleteMany({ where: { at: { lt: cutoff } } })).count;
}
