// An unsubscribe through our emails is written back to the customer in Shopify (email marketing
// consent → UNSUBSCRIBED), so Shopify Email and every other app respect it too. The unsubscribe has
// already taken effect in our data; this write is retried with backoff until Shopify takes it. Each
// suppression row is its own idempotency key, and a row is leased (`shopifySyncAfter`) while one
// instance writes it, so instances sharing a database never write it twice at once.
import type { Db } from "~/db.server";
import { backoffDelayMs } from "~/.server/queue/fail";
import { describeAdminError, isTransientAdminError, type AdminApi } from "./admin-api";

export const SYNC_MAX_ATTEMPTS = 8;
const LEASE_MS = 5 * 60_000;

export type SyncReport = { done: number; notCustomers: number; retried: number; failed: number; off: number };

export async function writeBackUnsubscribes(deps: { db: Db; admin: AdminApi; random: () => number }, now: Date, limit = 25): Promise<SyncReport> {
  const { db } = deps;
  const report: SyncReport = { done: 0, notCustomers: 0, retried: 0, failed: 0, off: 0 };
  const due = { shopifySync: "pending", OR: [{ shopifySyncAfter: null }, { shopifySyncAfter: { lte: now } }] };
  const rows = await db.suppression.findMany({ where: due, orderBy: { createdAt: "asc" }, take: limit });
  for (const row of rows) {
    const leased = await db.suppression.updateMany({ where: { id: row.id, ...due }, data: { shopifySyncAfter: new Date(now.getTime() + LEASE_MS) } });
    if (leased.count === 0) continue;
    const shop = await db.shop.findUnique({ where: { domain: row.shop }, select: { consentWriteBack: true, uninstalledAt: true } });
    if (!shop || shop.uninstalledAt || !shop.consentWriteBack) {
      await db.suppression.update({ where: { id: row.id }, data: { shopifySync: "off", shopifySyncAfter: null } });
      report.off++;
      continue;
    }
    const customer = await db.customer.findFirst({ where: { shop: row.shop, email: row.email }, orderBy: { updatedAt: "desc" }, select: { shopifyId: true } });
    const result = await deps.admin.unsubscribeCustomer(row.shop, { customerShopifyId: customer?.shopifyId ?? null, email: row.email, at: row.createdAt });
    const attempts = row.shopifySyncAttempts + 1;
    if (result.ok) {
      const state = result.value ? "done" : "not_a_customer";
      await db.suppression.update({ where: { id: row.id }, data: { shopifySync: state, shopifySyncAttempts: attempts, shopifySyncAfter: null, shopifySyncError: null } });
      if (result.value) report.done++;
      else report.notCustomers++;
      continue;
    }
    const error = describeAdminError(result.error);
    if (isTransientAdminError(result.error) && attempts < SYNC_MAX_ATTEMPTS) {
      const after = new Date(now.getTime() + backoffDelayMs(attempts, deps.random));
      await db.suppression.update({ where: { id: row.id }, data: { shopifySyncAttempts: attempts, shopifySyncAfter: after, shopifySyncError: error } });
      report.retried++;
    } else {
      await db.suppression.update({ where: { id: row.id }, data: { shopifySync: "failed", shopifySyncAttempts: attempts, shopifySyncAfter: null, shopifySyncError: error } });
      report.failed++;
    }
  }
  return report;
}
