// Stores a delivery as it arrives, answering the question "have we seen this webhook id before?" in
// the same statement: Shopify retries until it gets a 2xx, so a retry of a stored delivery is a
// duplicate, and two copies arriving at once cannot both be stored.
//
// Deliveries arriving together are written together (group commit): while one INSERT is in flight,
// the next ones queue, and go as one multi-row INSERT when it returns. Each caller still gets its
// answer only after its own row is committed; under load the database and ORM cost per webhook falls
// with the batch size, and a lone webhook waits for nobody.
import { randomUUID } from "node:crypto";
import { Prisma } from "@prisma/client";
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

/** 11 bound parameters a row: far below SQLite's and PostgreSQL's limits. */
const MAX_BATCH = 200;

type Waiting = { receipt: Receipt; resolve: (stored: boolean) => void; reject: (error: unknown) => void };

function values(r: Receipt): Prisma.Sql {
  return Prisma.sql`(${randomUUID()}, ${r.webhookId}, ${r.shop}, ${r.topic}, ${r.triggeredAt}, ${r.receivedAt}, ${r.outcome}, ${withoutNul(r.reason)}, ${r.eventCount}, ${withoutNul(r.payload)}, 0)`;
}

/**
 * One autocommit INSERT … ON CONFLICT DO NOTHING RETURNING (the same SQL on SQLite and PostgreSQL):
 * the unique index on webhookId decides between racing copies; the ids returned are the rows stored.
 */
async function insert(db: Db, receipts: Receipt[]): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ webhookId: string }[]>`
    INSERT INTO "WebhookDelivery" ("id", "webhookId", "shop", "topic", "triggeredAt", "receivedAt", "outcome", "reason", "eventCount", "payload", "attempts")
    VALUES ${Prisma.join(receipts.map(values))}
    ON CONFLICT ("webhookId") DO NOTHING
    RETURNING "webhookId"`;
  return new Set(rows.map((r) => r.webhookId));
}

class ReceiptWriter {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(private readonly db: Db) {}

  store(receipt: Receipt): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ receipt, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        void this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.write(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    // Copies of one webhook id inside a batch: the first is written, the others are its duplicates
    // (or share its error, so that Shopify retries them too).
    const byId = new Map<string, Waiting[]>();
    for (const w of batch) byId.set(w.receipt.webhookId, [...(byId.get(w.receipt.webhookId) ?? []), w]);
    const settle = (waiters: Waiting[], stored: boolean) => waiters.forEach((w, i) => w.resolve(i === 0 && stored));
    const fail = (waiters: Waiting[], error: unknown) => waiters.forEach((w) => w.reject(error));
    const groups = [...byId.values()];
    try {
      const stored = await insert(this.db, groups.map((g) => g[0].receipt));
      for (const g of groups) settle(g, stored.has(g[0].receipt.webhookId));
    } catch (error) {
      if (groups.length === 1) return fail(groups[0], error);
      // One bad row must not fail the others: each is tried alone, and only its own callers see the error.
      await Promise.all(groups.map((g) => insert(this.db, [g[0].receipt]).then((s) => settle(g, s.has(g[0].receipt.webhookId)), (e: unknown) => fail(g, e))));
    }
  }
}

const writers = new WeakMap<Db, ReceiptWriter>();

/** Stores one delivery; false when its webhook id was already stored (a duplicate). */
export function storeReceipt(db: Db, receipt: Receipt): Promise<boolean> {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new ReceiptWriter(db)));
  return writer.store(receipt);
}
