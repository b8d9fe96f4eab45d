// Retention: message bodies (outbox files, rendered subjects) and kept webhook bodies are deleted once
// they are older than the retention. Idempotent: a second run with the same clock finds nothing.
import fs from "node:fs/promises";
import path from "node:path";
import type { Db } from "~/db.server";
import { DATA_REQUEST_TOPIC } from "./data-request";

export const DEFAULT_RETENTION_DAYS = 90;
/** Unmappable webhook bodies are kept to diagnose a mapper; a month is enough for that. */
export const WEBHOOK_PAYLOAD_DAYS = 30;

export type PurgeOptions = { now: Date; retentionDays: number; outboxDir: string | null };
export type PurgeResult = { outboxFiles: number; renderedSubjects: number; webhookPayloads: number };

const DAY_MS = 86_400_000;

/** Outbox files are named `<ISO time with - for :>-<hash>.eml`; the name is the send time. */
function sentAtFromName(name: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2}(?:\.\d+)?Z)-/.exec(name);
  if (!match) return null;
  const at = new Date(`${match[1]}:${match[2]}:${match[3]}`);
  return Number.isNaN(at.getTime()) ? null : at;
}

async function purgeOutbox(dir: string, cutoff: Date): Promise<number> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw e;
  }
  let removed = 0;
  for (const name of names.filter((n) => n.endsWith(".eml"))) {
    const file = path.join(dir, name);
    const at = sentAtFromName(name) ?? (await fs.stat(file)).mtime;
    if (at.getTime() >= cutoff.getTime()) continue;
    await fs.rm(file, { force: true });
    removed++;
  }
  return removed;
}

export function retentionDaysFrom(value: string | undefined): number {
  if (value === undefined || value === "") return DEFAULT_RETENTION_DAYS;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) throw new Error(`CRM_RETENTION_DAYS must be a whole number of days, at least 1 (got "${value}")`);
  return days;
}

export async function purgeExpired(db: Db, opts: PurgeOptions): Promise<PurgeResult> {
  const cutoff = new Date(opts.now.getTime() - opts.retentionDays * DAY_MS);
  const payloadCutoff = new Date(opts.now.getTime() - WEBHOOK_PAYLOAD_DAYS * DAY_MS);
  const outboxFiles = opts.outboxDir ? await purgeOutbox(opts.outboxDir, cutoff) : 0;
  const subjects = await db.message.updateMany({
    where: { renderedSubject: { not: null }, OR: [{ sentAt: { lt: cutoff } }, { sentAt: null, updatedAt: { lt: cutoff } }] },
    data: { renderedSubject: null },
  });
  // A data request not yet answered still needs to know whose data it asks for, and a delivery not yet
  // applied its body.
  const payloads = await db.webhookDelivery.updateMany({
    where: {
      payload: { not: null },
      receivedAt: { lt: payloadCutoff },
      outcome: { not: "received" },
      OR: [{ topic: { not: DATA_REQUEST_TOPIC } }, { reason: { not: { startsWith: "data export pending" } } }],
    },
    data: { payload: null },
  });
  return { outboxFiles, renderedSubjects: subjects.count, webhookPayloads: payloads.count };
}
