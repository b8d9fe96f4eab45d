// Takes stored deliveries and applies them: map again from the stored body (mapping is pure: same
// body, same timestamps, same events), then project and plan (./apply) in one transaction per batch
// that also marks them processed. Any number of processes may run this at once: a delivery is taken by
// a conditional UPDATE inside the transaction, so it is applied exactly once. A failed application
// rolls back, is counted, and is tried again a minute later; after MAX_ATTEMPTS it is recorded as failed.
import { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";
import type { DomainEvent } from "~/domain/types";
import { DATA_REQUEST_TOPIC, markExportPending } from "~/.server/compliance/data-request";
import type { DataSubject } from "~/.server/compliance/person";
import { applyEvents, type ShopContexts } from "./apply";
import { describeError } from "./receive";
import { parseWebhookJson } from "./json";
import { idOf, isRecord } from "./mappers/common";
import { mapDelivery } from "./topics";

export const MAX_ATTEMPTS = 5;
export const RETRY_AFTER_MS = 60_000;
/**
 * Deliveries applied per transaction. Larger batches commit less often; on SQLite a batch holds the one
 * connection until it commits, and webhooks arriving meanwhile wait to be stored, so it stays small.
 */
export const APPLY_BATCH = 10;

export type Applied = {
  webhookId: string;
  shop: string;
  topic: string;
  outcome: "processed" | "unmappable" | "retry" | "failed";
  events: number;
  planned: number;
  reason: string | null;
  /** A customers/data_request just recorded: its export is sent once this is committed. */
  dataRequest?: DataSubject;
};

type Row = { id: string; webhookId: string; shop: string; topic: string; triggeredAt: Date | null; receivedAt: Date; payload: string | null };

type Mapped = { ok: true; events: DomainEvent[]; note: string | null; payload: unknown } | { ok: false; reason: string };

function remap(d: Row): Mapped {
  if (d.payload === null) return { ok: false, reason: "the body was erased before it was applied" };
  let payload: unknown;
  try {
    payload = parseWebhookJson(d.payload);
  } catch {
    return { ok: false, reason: "body is not valid JSON" };
  }
  const mapped = mapDelivery(d.topic, payload, { triggeredAt: d.triggeredAt, receivedAt: d.receivedAt });
  return mapped.ok ? { ok: true, events: mapped.events, note: mapped.note ?? null, payload } : mapped;
}

/** Whose data a customers/data_request asks for: the customer, and the orders the merchant listed. */
function dataSubject(payload: unknown, events: DomainEvent[]): DataSubject | undefined {
  const event = events[0];
  if (event?.kind !== "CustomerDataRequested") return undefined;
  const requested = isRecord(payload) && Array.isArray(payload.orders_requested) ? payload.orders_requested : [];
  return {
    customerShopifyId: event.customerShopifyId,
    email: event.email,
    orderShopifyIds: requested.map(idOf).filter((id): id is string => id !== null),
  };
}

/** Deliveries applied in a batch whose "processed" mark is written for all of them at once. */
type Processed = { id: string; note: string | null; events: number };

async function applyTaken(tx: Prisma.TransactionClient, d: Row, contexts?: ShopContexts, processed?: Processed[]): Promise<Applied> {
  const base = { webhookId: d.webhookId, shop: d.shop, topic: d.topic };
  const mapped = remap(d);
  if (!mapped.ok) {
    await tx.webhookDelivery.update({ where: { id: d.id }, data: { outcome: "unmappable", reason: mapped.reason, eventCount: 0 } });
    return { ...base, outcome: "unmappable", events: 0, planned: 0, reason: mapped.reason };
  }
  const applied = await applyEvents(tx, d.shop, mapped.events, contexts);
  const subject = d.topic === DATA_REQUEST_TOPIC ? dataSubject(mapped.payload, mapped.events) : undefined;
  if (processed && !subject) processed.push({ id: d.id, note: mapped.note, events: mapped.events.length });
  else await markProcessed(tx, [{ id: d.id, note: mapped.note, events: mapped.events.length }]);
  if (subject) await markExportPending(tx, d.webhookId, subject);
  return { ...base, outcome: "processed", events: mapped.events.length, planned: applied.planned.length, reason: mapped.note, ...(subject ? { dataRequest: subject } : {}) };
}

/** One statement for the batch (the same SQL on SQLite and PostgreSQL); the body is dropped once applied. */
async function markProcessed(tx: Prisma.TransactionClient, rows: Processed[]): Promise<void> {
  if (rows.length === 0) return;
  const each = (value: (r: Processed) => string | number | null) => Prisma.join(rows.map((r) => Prisma.sql`WHEN ${r.id} THEN ${value(r)}`), " ");
  await tx.$executeRaw`
    UPDATE "WebhookDelivery" SET "outcome" = 'processed', "payload" = NULL,
      "reason" = CASE "id" ${each((r) => r.note)} END,
      "eventCount" = CAST(CASE "id" ${each((r) => r.events)} END AS INTEGER)
    WHERE "id" IN (${Prisma.join(rows.map((r) => r.id))})`;
}

/** Applies one stored delivery; null when it is not waiting (already applied, here or elsewhere). */
export async function applyDelivery(db: Db, webhookId: string, now: Date): Promise<Applied | null> {
  try {
    return await db.$transaction(
      async (tx) => {
        const [d] = await take(tx, [webhookId], now);
        return d ? applyTaken(tx, d) : null;
      },
      { maxWait: 10_000, timeout: 30_000 },
    );
  } catch (error) {
    return recordFailure(db, webhookId, now, describeError(error));
  }
}

/** The transaction rolled back: the delivery waits for another try, or is given up on with the reason. */
async function recordFailure(db: Db, webhookId: string, now: Date, error: string): Promise<Applied | null> {
  const row = await db.webhookDelivery.findUnique({ where: { webhookId }, select: { webhookId: true, shop: true, topic: true, outcome: true, attempts: true } });
  if (!row || row.outcome !== "received") return null;
  const attempts = row.attempts + 1;
  const { last, reason } = failureOf(attempts, error);
  await db.webhookDelivery.updateMany({
    where: { webhookId, outcome: "received" },
    data: { attempts, appliedAt: now, reason, ...(last ? { outcome: "failed" } : {}) },
  });
  return { webhookId: row.webhookId, shop: row.shop, topic: row.topic, outcome: last ? "failed" : "retry", events: 0, planned: 0, reason };
}

export type ApplyOptions = {
  now: Date;
  limit?: number;
  /** Only these deliveries (by webhook id). */
  webhookIds?: string[];
  /** Deliveries (by webhook id) already tried in this run: not taken again until the next one. */
  exclude?: string[];
};

/** Stored deliveries waiting to be applied, oldest first; one that failed waits RETRY_AFTER_MS. */
async function waitingDeliveries(db: Db, opts: ApplyOptions): Promise<string[]> {
  const rows = await db.webhookDelivery.findMany({
    where: {
      outcome: "received",
      OR: [{ attempts: 0 }, { appliedAt: { lte: new Date(opts.now.getTime() - RETRY_AFTER_MS) } }],
      AND: [opts.webhookIds ? { webhookId: { in: opts.webhookIds } } : {}, opts.exclude?.length ? { webhookId: { notIn: opts.exclude } } : {}],
    },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    take: opts.limit ?? APPLY_BATCH,
    select: { webhookId: true },
  });
  return rows.map((r) => r.webhookId);
}

/** What became of a delivery whose application failed, written where the failure is recorded. */
function failureOf(attempts: number, error: string): { last: boolean; reason: string } {
  const last = attempts >= MAX_ATTEMPTS;
  return { last, reason: last ? `not applied after ${attempts} attempts: ${error}` : `attempt ${attempts} failed, tried again in a minute: ${error}` };
}

type TakenRow = Row & { attempts: number };

const TAKE_COLUMNS = Prisma.sql`"id", "webhookId", "shop", "topic", "triggeredAt", "receivedAt", "payload", "attempts"`;

/** Takes the waiting ones of `ids` in one statement, in the order they were received. */
async function take(tx: Prisma.TransactionClient, ids: string[], now: Date): Promise<TakenRow[]> {
  const rows = await tx.$queryRaw<TakenRow[]>`
    UPDATE "WebhookDelivery" SET "appliedAt" = ${now}
    WHERE "webhookId" IN (${Prisma.join(ids)}) AND "outcome" = 'received'
    RETURNING ${TAKE_COLUMNS}`;
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((x, y) => order.get(x.webhookId)! - order.get(y.webhookId)!);
}

type BatchResult = { applied: Applied[]; taken: Set<string> };

/**
 * Applies several waiting deliveries in one transaction with the writes grouped: they are taken in one
 * statement, the shop's scenarios are read once, and they are all marked processed in one statement.
 * Deliveries are applied in the order they were received, so one person's events keep their order.
 * Any failure rolls the whole batch back (nothing is recorded): the caller then applies it delivery
 * by delivery (applyIsolated), where a bad one fails alone.
 */
async function applyGrouped(db: Db, ids: string[], now: Date): Promise<BatchResult> {
  return db.$transaction(
    async (tx) => {
      const rows = await take(tx, ids, now);
      const contexts: ShopContexts = new Map();
      const processed: Processed[] = [];
      const applied: Applied[] = [];
      for (const d of rows) applied.push(await applyTaken(tx, d, contexts, processed));
      await markProcessed(tx, processed);
      return { applied, taken: new Set(rows.map((r) => r.webhookId)) };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

/**
 * The same batch, each delivery inside a savepoint of its own: a delivery that fails is rolled back
 * alone and recorded as a retry, the others go on; still one commit for the batch. Null when the
 * batch as a whole could not be committed.
 */
async function applyIsolated(db: Db, ids: string[], now: Date): Promise<BatchResult | null> {
  try {
    return await db.$transaction(
      async (tx) => {
        const rows = await take(tx, ids, now);
        const contexts: ShopContexts = new Map();
        const applied: Applied[] = [];
        for (const [i, d] of rows.entries()) {
          await tx.$executeRawUnsafe(`SAVEPOINT delivery_${i}`);
          try {
            applied.push(await applyTaken(tx, d, contexts));
            await tx.$executeRawUnsafe(`RELEASE SAVEPOINT delivery_${i}`);
          } catch (error) {
            await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT delivery_${i}`);
            // What it read may have been rolled back with it: the next delivery reads the shop afresh.
            contexts.delete(d.shop);
            const attempts = Number(d.attempts) + 1;
            const { last, reason } = failureOf(attempts, describeError(error));
            await tx.webhookDelivery.update({ where: { id: d.id }, data: { attempts, reason, ...(last ? { outcome: "failed" } : {}) } });
            applied.push({ webhookId: d.webhookId, shop: d.shop, topic: d.topic, outcome: last ? "failed" : "retry", events: 0, planned: 0, reason });
          }
        }
        return { applied, taken: new Set(rows.map((r) => r.webhookId)) };
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
  } catch {
    return null;
  }
}

/** The grouped batch, or when any of its deliveries fails, the batch again delivery by delivery. */
async function applyBatch(db: Db, ids: string[], now: Date): Promise<BatchResult | null> {
  try {
    return await applyGrouped(db, ids, now);
  } catch {
    return applyIsolated(db, ids, now);
  }
}

/** One batch: applies up to `limit` waiting deliveries and returns what became of each. */
async function applyWaiting(db: Db, opts: ApplyOptions): Promise<{ tried: string[]; applied: Applied[]; unanswered: string[] }> {
  const tried = await waitingDeliveries(db, opts);
  if (tried.length === 0) return { tried, applied: [], unanswered: [] };
  const batch = await applyBatch(db, tried, opts.now);
  if (batch) return { tried, applied: batch.applied, unanswered: tried.filter((id) => !batch.taken.has(id)) };
  // The batch could not be committed as a whole (the database went away, a savepoint was refused):
  // each delivery is tried on its own, which records its own failure.
  const applied: Applied[] = [];
  const unanswered: string[] = [];
  for (const id of tried) {
    const result = await applyDelivery(db, id, opts.now);
    if (result) applied.push(result);
    else unanswered.push(id);
  }
  return { tried, applied, unanswered };
}

/** Applies everything waiting now (each delivery tried once), batch by batch. */
export async function applyAllWaiting(db: Db, opts: Omit<ApplyOptions, "exclude">, onBatch?: (applied: Applied[]) => Promise<void> | void): Promise<Applied[]> {
  const all: Applied[] = [];
  // Applied and failed deliveries leave the waiting set by themselves; only one that came back with
  // no answer (its failure could not be recorded) is kept out, so this list stays short.
  const stuck: string[] = [];
  for (;;) {
    const batch = await applyWaiting(db, { ...opts, exclude: stuck });
    if (batch.tried.length === 0) return all;
    stuck.push(...batch.unanswered);
    all.push(...batch.applied);
    await onBatch?.(batch.applied);
  }
}
