// Answers customers/data_request by e-mailing the export to the merchant, once per webhook id.
// The delivery row is the record: its reason says whether the export went out, and while it has not,
// its payload holds who asked (never the export itself) so the retry job can try again.
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import type { Db } from "~/db.server";
import type { EmailTransport } from "~/.server/channels/email/transport";
import { log } from "~/.server/log";
import { buildDataExport, countRecords, summarizeExport } from "./export";
import type { DataSubject } from "./person";

export const DATA_REQUEST_TOPIC = "customers/data_request";
const PENDING = "data export pending";
const SENT = "data export e-mailed to the merchant";

export type ExportDeps = { db: Db; transport: EmailTransport; mailFrom?: string; now: () => Date };

export type ExportResult =
  | { ok: true; status: "sent"; records: number }
  | { ok: true; status: "already_sent" }
  | { ok: false; status: "pending"; error: string }
  | { ok: false; status: "no_recipient" | "unknown_request"; error: string };

export function dataRequestKey(shop: string, webhookId: string): string {
  return `${shop}:data-request:${webhookId}`;
}

const storedSubject = z.object({
  customerShopifyId: z.string().nullable(),
  email: z.string().nullable(),
  orderShopifyIds: z.array(z.string()),
});

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function note(db: Db, webhookId: string, reason: string, payload: string | null): Promise<void> {
  await db.webhookDelivery.update({ where: { webhookId }, data: { reason, payload } });
}

/**
 * Builds and sends the export for a recorded data request. Safe to call again: a request already
 * answered is not sent twice, and the Message-ID derived from the key lets a receiver drop a repeat.
 */
export async function deliverDataExport(deps: ExportDeps, webhookId: string, subject?: DataSubject): Promise<ExportResult> {
  const { db } = deps;
  const delivery = await db.webhookDelivery.findUnique({ where: { webhookId } });
  if (!delivery || delivery.topic !== DATA_REQUEST_TOPIC || delivery.outcome !== "processed") {
    return { ok: false, status: "unknown_request", error: "no processed data request has this webhook id" };
  }
  if (delivery.reason?.startsWith(SENT)) return { ok: true, status: "already_sent" };
  const stored = delivery.payload ? storedSubject.safeParse(JSON.parse(delivery.payload)) : null;
  const who = subject ?? (stored?.success ? stored.data : null);
  if (!who) return { ok: false, status: "unknown_request", error: "the request no longer says whose data it asks for" };
  const shop = delivery.shop;
  const fields = { job: "data-request", shop, webhookId };

  const shopRow = await db.shop.findUnique({ where: { domain: shop } });
  const to = shopRow?.email ?? shopRow?.senderEmail ?? null;
  if (!shopRow || !to) {
    const error = "the shop has no e-mail address to send the export to";
    await note(db, webhookId, `data export not sent: ${error}`, null);
    log.warn(fields, `data export not sent: ${error}`);
    return { ok: false, status: "no_recipient", error };
  }

  const now = deps.now();
  const doc = await db.$transaction((tx) => buildDataExport(tx, shop, webhookId, who, now));
  const summary = summarizeExport(doc);
  const result = await deps.transport.send({
    from: { name: "Timing CRM", address: deps.mailFrom ?? shopRow.senderEmail ?? to },
    to,
    subject: `Customer data request for ${shopRow.name}`,
    text: summary,
    html: `<pre style="font-family:inherit;white-space:pre-wrap">${escapeHtml(summary)}</pre>`,
    messageKey: dataRequestKey(shop, webhookId),
    scenario: "data-request",
    unsubscribeUrl: "",
    attachments: [{ filename: `customer-data-${webhookId}.json`, content: JSON.stringify(doc, null, 2), contentType: "application/json" }],
  });
  if (!result.ok) {
    await note(db, webhookId, `${PENDING}: ${result.error}`, JSON.stringify(who));
    log.warn({ ...fields, transient: result.transient }, "data export not sent yet; retried by the compliance job");
    return { ok: false, status: "pending", error: result.error };
  }
  const records = countRecords(doc);
  await note(db, webhookId, `${SENT} at ${now.toISOString()} (${records} records)`, null);
  log.info({ ...fields, records }, "data export e-mailed to the merchant");
  return { ok: true, status: "sent", records };
}

/** Exports whose first send failed: tried again until they go out. */
export async function retryPendingExports(deps: ExportDeps): Promise<number> {
  const pending = await deps.db.webhookDelivery.findMany({
    where: { topic: DATA_REQUEST_TOPIC, outcome: "processed", reason: { startsWith: PENDING } },
    select: { webhookId: true },
  });
  let sent = 0;
  for (const { webhookId } of pending) {
    if ((await deliverDataExport(deps, webhookId)).status === "sent") sent++;
  }
  return sent;
}

/** Marks a just-recorded request as pending before the first attempt, so a crash cannot lose it. */
export async function markExportPending(db: Db | Prisma.TransactionClient, webhookId: string, subject: DataSubject): Promise<void> {
  await db.webhookDelivery.updateMany({
    where: { webhookId, topic: DATA_REQUEST_TOPIC, outcome: "processed", reason: null },
    data: { reason: PENDING, payload: JSON.stringify(subject) },
  });
}
