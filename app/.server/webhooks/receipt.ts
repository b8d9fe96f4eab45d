// Stores a delivery as it arrives, answering the question "have we seen this webhook id before?" in
// the same statement: Shopify retries until it gets a 2xx, so a retry of a stored delivery is a
// duplicate, and two copies arriving at once cannot both be stored.
import { randomUUID } from "node:crypto";
import type { Db } from "~/db.server";
import { withoutNul } from "./json";

export type Receipt = {
  webhookId: string;
  shop: string;
  topic: string;
  triggeredAt: Date | null;
  receivedAt: Date;
  /** received: waiting to be applied; unmappable and ignored are final at once. */
  outcome: "received" | "unmappable" | "ignored";
  reason: string | null;
  eventCount: number;
  payload: string | null;
};

/**
 * One autocommit INSERT … ON CONFLICT DO NOTHING (the same SQL on SQLite and PostgreSQL): cheaper than
 * a transaction with a lookup first, and the unique index on webhookId decides between racing copies.
 * Returns false for a duplicate.
 */
export async function storeReceipt(db: Db, r: Receipt): Promise<boolean> {
  const stored = await db.$executeRaw`
    INSERT INTO "WebhookDelivery" ("id", "webhookId", "shop", "topic", "triggeredAt", "receivedAt", "outcome", "reason", "eventCount", "payload", "attempts")
    VALUES (${randomUUID()}, ${r.webhookId}, ${r.shop}, ${r.topic}, ${r.triggeredAt}, ${r.receivedAt}, ${r.outcome}, ${withoutNul(r.reason)}, ${r.eventCount}, ${withoutNul(r.payload)}, 0)
    ON CONFLICT ("webhookId") DO NOTHING`;
  return stored === 1;
}
