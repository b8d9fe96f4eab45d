// Reads the bulk operation's JSONL (one customer per line) into the customer projection, in chunks.
// Idempotent: a line upserts by (shop, Shopify id), and what the webhooks since install already
// recorded wins where it is newer or larger, so a re-run or a late import never moves a count back.
import type { Customer } from "@prisma/client";
import type { Db } from "~/db.server";
import type { CustomerFacts, EmailConsent } from "~/domain/types";

const CHUNK = 200;
/** A customer line is a few hundred bytes: a much longer one is not Shopify's, and is not held in memory. */
const MAX_LINE = 64 * 1024;

export type ImportReport = { customers: number; skippedLines: number };

type Line = {
  id?: unknown;
  firstName?: unknown;
  lastName?: unknown;
  locale?: unknown;
  createdAt?: unknown;
  numberOfOrders?: unknown;
  amountSpent?: { amount?: unknown; currencyCode?: unknown } | null;
  lastOrder?: { processedAt?: unknown } | null;
  defaultEmailAddress?: { emailAddress?: unknown; marketingState?: unknown; marketingUpdatedAt?: unknown } | null;
};

/** The person as the webhooks would describe them, plus what only the store's history knows. */
type Facts = Omit<CustomerFacts, "updatedAt"> & {
  ordersCount: number;
  totalSpentCents: number;
  currency: string | null;
  lastOrderAt: Date | null;
  consent: EmailConsent;
  consentAt: Date | null;
};

const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);
const when = (v: unknown) => {
  const d = typeof v === "string" ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
};

const CONSENT: Record<string, EmailConsent> = { SUBSCRIBED: "subscribed", UNSUBSCRIBED: "unsubscribed", NOT_SUBSCRIBED: "not_subscribed", PENDING: "pending" };

/** One JSONL line as facts, or null for a line that is not a customer. */
export function customerFacts(raw: string): Facts | null {
  let line: Line;
  try {
    line = JSON.parse(raw) as Line;
  } catch {
    return null;
  }
  const gid = str(line?.id);
  if (!gid?.startsWith("gid://shopify/Customer/")) return null;
  const orders = Number(line.numberOfOrders ?? 0);
  const spent = Number(str(line.amountSpent?.amount) ?? "0");
  const address = line.defaultEmailAddress ?? null;
  return {
    shopifyId: gid.slice(gid.lastIndexOf("/") + 1),
    email: str(address?.emailAddress)?.toLowerCase() ?? null,
    firstName: str(line.firstName),
    lastName: str(line.lastName),
    locale: str(line.locale),
    createdAt: when(line.createdAt),
    ordersCount: Number.isSafeInteger(orders) && orders >= 0 ? orders : 0,
    totalSpentCents: Number.isFinite(spent) && spent >= 0 ? Math.round(spent * 100) : 0,
    currency: str(line.amountSpent?.currencyCode),
    lastOrderAt: when(line.lastOrder?.processedAt),
    consent: CONSENT[String(address?.marketingState ?? "")] ?? (address ? "not_subscribed" : "unknown"),
    consentAt: when(address?.marketingUpdatedAt),
  };
}

const later = (a: Date | null, b: Date | null) => (a && b ? (a > b ? a : b) : (a ?? b));

function merged(existing: Customer, f: Facts) {
  // Consent: the newer statement wins; a webhook's ("unknown" aside) beats an undated bulk value.
  const bulkConsentWins = existing.emailConsent === "unknown" || (f.consentAt !== null && (existing.consentUpdatedAt === null || f.consentAt > existing.consentUpdatedAt));
  return {
    email: existing.email ?? f.email,
    firstName: existing.firstName ?? f.firstName,
    lastName: existing.lastName ?? f.lastName,
    locale: existing.locale ?? f.locale,
    ordersCount: Math.max(existing.ordersCount, f.ordersCount),
    totalSpentCents: Math.max(existing.totalSpentCents, f.totalSpentCents),
    currency: existing.currency ?? f.currency,
    lastOrderAt: later(existing.lastOrderAt, f.lastOrderAt),
    signedUpAt: existing.signedUpAt ?? f.createdAt,
    ...(bulkConsentWins && f.consent !== "unknown" ? { emailConsent: f.consent, consentUpdatedAt: f.consentAt ?? existing.consentUpdatedAt } : {}),
  };
}

async function writeChunk(db: Db, shop: string, chunk: Facts[]): Promise<void> {
  await db.$transaction(async (tx) => {
    const existing = new Map((await tx.customer.findMany({ where: { shop, shopifyId: { in: chunk.map((f) => f.shopifyId) } } })).map((c) => [c.shopifyId, c]));
    // Most of a new install's customers are new to us: one statement for all of them.
    const fresh = chunk.filter((f) => !existing.has(f.shopifyId));
    if (fresh.length > 0) {
      await tx.customer.createMany({
        data: fresh.map((f) => ({
          shop,
          shopifyId: f.shopifyId,
          email: f.email,
          firstName: f.firstName,
          lastName: f.lastName,
          locale: f.locale,
          emailConsent: f.consent,
          consentUpdatedAt: f.consentAt,
          ordersCount: f.ordersCount,
          totalSpentCents: f.totalSpentCents,
          currency: f.currency,
          lastOrderAt: f.lastOrderAt,
          signedUpAt: f.createdAt,
        })),
      });
    }
    for (const f of chunk) {
      const row = existing.get(f.shopifyId);
      if (row) await tx.customer.update({ where: { id: row.id }, data: merged(row, f) });
    }
  });
}

/** Splits a byte stream into lines without holding more than one line (bounded) in memory. */
export async function* jsonlLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<string | null> {
  const decoder = new TextDecoder();
  let pending = "";
  let overlong = false;
  for await (const bytes of body) {
    pending += decoder.decode(bytes, { stream: true });
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (overlong) {
        overlong = false;
        yield null;
      } else if (line.trim()) yield line;
    }
    if (pending.length > MAX_LINE) {
      pending = "";
      overlong = true;
    }
  }
  pending += decoder.decode();
  if (overlong) yield null;
  else if (pending.trim()) yield pending;
}

/** Imports every customer line; a line that is not a customer (or too long) is counted and passed over. */
export async function importCustomerLines(db: Db, shop: string, lines: AsyncIterable<string | null>, progress?: (customers: number) => Promise<void>): Promise<ImportReport> {
  const report: ImportReport = { customers: 0, skippedLines: 0 };
  let chunk: Facts[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    // The same customer twice in one chunk would be created twice: the last line wins.
    const unique = [...new Map(chunk.map((f) => [f.shopifyId, f])).values()];
    await writeChunk(db, shop, unique);
    report.customers += unique.length;
    chunk = [];
    await progress?.(report.customers);
  };
  for await (const raw of lines) {
    const facts = raw === null ? null : customerFacts(raw);
    if (!facts) {
      report.skippedLines++;
      continue;
    }
    chunk.push(facts);
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  return report;
}
