// The install-time backfill: a store installs with years of customers, and the app only sees orders
// from its install on. One Admin API bulk operation per shop reads every customer's order count,
// spend, last order and email consent into the projection, so first-order coupons, segments and
// consent are right for existing customers too. Install only asks for it (it never fails on it); the
// jobs process starts the operation, follows it (bulk_operations/finish makes it due at once, a status
// poll each minute covers a lost webhook) and imports the file. Every step is retried with backoff.
import type { Backfill } from "@prisma/client";
import type { Db } from "~/db.server";
import { backoffDelayMs } from "~/.server/queue/fail";
import { describeAdminError, isTransientAdminError, type AdminApi, type AdminError } from "~/.server/shopify/admin-api";
import { CUSTOMER_BACKFILL_QUERY } from "~/.server/shopify/bulk";
import { importCustomerLines, jsonlLines } from "./import-customers";

export type BackfillStatus = "requested" | "running" | "completed" | "partial" | "failed";

export const BACKFILL_MAX_ATTEMPTS = 8;
const POLL_MS = 60_000;
const LEASE_MS = 10 * 60_000;
const ACTIVE: BackfillStatus[] = ["requested", "running"];

export type BackfillDeps = { db: Db; admin: AdminApi; random: () => number; fetch?: typeof fetch; log?: (line: string) => void };

/** At install. A run under way is left alone; a finished one is run again (a re-install). */
export async function requestBackfill(db: Db, shop: string, now: Date): Promise<void> {
  const fresh = { status: "requested", operationId: null, requestedAt: now, startedAt: null, finishedAt: null, importedAt: null, objectCount: 0, customersImported: 0, attempts: 0, nextCheckAt: now, error: null };
  await db.backfill.upsert({ where: { shop }, create: { shop, ...fresh }, update: {} });
  await db.backfill.updateMany({ where: { shop, status: { notIn: ACTIVE } }, data: fresh });
}

/** bulk_operations/finish: the run is due for a look now rather than at the next poll. */
export async function noteBulkFinished(db: Pick<Db, "backfill">, shop: string, operationId: string, at: Date): Promise<void> {
  await db.backfill.updateMany({ where: { shop, operationId, status: "running" }, data: { finishedAt: at, nextCheckAt: at } });
}

export type AdvanceReport = { started: number; imported: number; waiting: number; retried: number; failed: number };

/** One look at every run that is due; called each minute by the jobs process. */
export async function advanceBackfills(deps: BackfillDeps, now: Date, limit = 5): Promise<AdvanceReport> {
  const report: AdvanceReport = { started: 0, imported: 0, waiting: 0, retried: 0, failed: 0 };
  const due = { status: { in: ACTIVE }, OR: [{ nextCheckAt: null }, { nextCheckAt: { lte: now } }] };
  const rows = await deps.db.backfill.findMany({ where: due, orderBy: { requestedAt: "asc" }, take: limit });
  for (const row of rows) {
    // The lease: one instance works on a run at a time.
    const leased = await deps.db.backfill.updateMany({ where: { ...due, shop: row.shop, status: row.status }, data: { nextCheckAt: new Date(now.getTime() + LEASE_MS) } });
    if (leased.count === 0) continue;
    try {
      const step = row.status === "requested" ? await start(deps, row, now) : await follow(deps, row, now);
      report[step]++;
    } catch (e) {
      report[await retryOrFail(deps.db, row, now, deps.random, `unexpected error: ${e instanceof Error ? e.message : String(e)}`, true)]++;
    }
  }
  return report;
}

async function start(deps: BackfillDeps, row: Backfill, now: Date): Promise<keyof AdvanceReport> {
  const started = await deps.admin.startBulkQuery(row.shop, CUSTOMER_BACKFILL_QUERY);
  if (!started.ok) return retryOrFail(deps.db, row, now, deps.random, describeAdminError(started.error), transient(started.error));
  await deps.db.backfill.update({ where: { shop: row.shop }, data: { status: "running", operationId: started.value, startedAt: now, nextCheckAt: new Date(now.getTime() + POLL_MS), error: null } });
  deps.log?.(`backfill started shop=${row.shop} operation=${started.value}`);
  return "started";
}

/** Another bulk query of this app still running in the shop blocks ours only until it ends. */
function transient(error: AdminError): boolean {
  return isTransientAdminError(error) || (error.kind === "user_error" && error.code === "OPERATION_IN_PROGRESS");
}

async function follow(deps: BackfillDeps, row: Backfill, now: Date): Promise<keyof AdvanceReport> {
  const { db } = deps;
  if (!row.operationId) return retryOrFail(db, row, now, deps.random, "no bulk operation recorded", false);
  const read = await deps.admin.bulkOperation(row.shop, row.operationId);
  if (!read.ok) return retryOrFail(db, row, now, deps.random, describeAdminError(read.error), isTransientAdminError(read.error));
  const op = read.value;
  if (!op) return finish(db, row, "failed", now, { error: `Shopify no longer knows bulk operation ${row.operationId}` });
  switch (op.status) {
    case "CREATED":
    case "RUNNING":
    case "CANCELING":
      await db.backfill.update({ where: { shop: row.shop }, data: { nextCheckAt: new Date(now.getTime() + POLL_MS) } });
      return "waiting";
    case "COMPLETED": {
      // No customers: Shopify leaves no file at all.
      const imported = op.url ? await download(deps, row, op.url) : { customers: 0, skippedLines: 0 };
      if (imported === null) return retryOrFail(db, row, now, deps.random, "the result file could not be read", true);
      await finish(db, row, "completed", now, { objectCount: op.objectCount, customersImported: imported.customers, error: imported.skippedLines ? `${imported.skippedLines} line(s) of the file were not customers and were passed over` : null });
      deps.log?.(`backfill completed shop=${row.shop} customers=${imported.customers}`);
      return "imported";
    }
    case "FAILED":
    case "CANCELED":
    case "EXPIRED": {
      const why = `Shopify stopped reading the store's customers (${op.status.toLowerCase()}${op.errorCode ? `: ${op.errorCode}` : ""})`;
      if (!op.partialDataUrl) return finish(db, row, "failed", now, { error: why });
      const imported = await download(deps, row, op.partialDataUrl);
      if (imported === null) return retryOrFail(db, row, now, deps.random, "the partial result file could not be read", true);
      await finish(db, row, "partial", now, { objectCount: op.objectCount, customersImported: imported.customers, error: `${why}; the ${imported.customers} customer(s) it read were imported` });
      return "imported";
    }
  }
}

/** Streams the file into the projection; null when it cannot be fetched. Progress is visible as it goes. */
async function download(deps: BackfillDeps, row: Backfill, url: string) {
  const response = await (deps.fetch ?? fetch)(url).catch(() => null);
  if (!response?.ok || !response.body) return null;
  return importCustomerLines(deps.db, row.shop, jsonlLines(response.body as unknown as AsyncIterable<Uint8Array>), (customers) =>
    deps.db.backfill.update({ where: { shop: row.shop }, data: { customersImported: customers } }).then(() => undefined),
  );
}

async function finish(db: Db, row: Backfill, status: "completed" | "partial" | "failed", now: Date, data: { objectCount?: number; customersImported?: number; error?: string | null }): Promise<keyof AdvanceReport> {
  await db.backfill.update({ where: { shop: row.shop }, data: { status, importedAt: status === "failed" ? null : now, finishedAt: row.finishedAt ?? now, nextCheckAt: null, ...data } });
  return status === "failed" ? "failed" : "imported";
}

async function retryOrFail(db: Db, row: Backfill, now: Date, random: () => number, error: string, retry: boolean): Promise<"retried" | "failed"> {
  const attempts = row.attempts + 1;
  if (retry && attempts < BACKFILL_MAX_ATTEMPTS) {
    await db.backfill.update({ where: { shop: row.shop }, data: { attempts, error, nextCheckAt: new Date(now.getTime() + backoffDelayMs(attempts, random)) } });
    return "retried";
  }
  await db.backfill.update({ where: { shop: row.shop }, data: { attempts, error, status: "failed", nextCheckAt: null } });
  return "failed";
}

export type BackfillProgress =
  | { state: "none" }
  | { state: "running"; customers: number; since: string; retrying: string | null }
  | { state: "completed"; customers: number; at: string; note: string | null }
  | { state: "partial" | "failed"; customers: number; error: string };

/** What the admin shows of the shop's latest run. */
export async function backfillProgress(db: Db, shop: string): Promise<BackfillProgress> {
  const row = await db.backfill.findUnique({ where: { shop } });
  if (!row) return { state: "none" };
  switch (row.status as BackfillStatus) {
    case "requested":
    case "running":
      return { state: "running", customers: row.customersImported, since: row.requestedAt.toISOString(), retrying: row.attempts > 0 ? row.error : null };
    case "completed":
      return { state: "completed", customers: row.customersImported, at: (row.importedAt ?? row.updatedAt).toISOString(), note: row.error };
    case "partial":
    case "failed":
      return { state: row.status as "partial" | "failed", customers: row.customersImported, error: row.error ?? "unknown error" };
  }
}
