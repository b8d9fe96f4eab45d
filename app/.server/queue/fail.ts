// Failed sends: transient ones come back with exponential backoff until the attempts run out,
// permanent ones stop at once. The attempt is counted before the send, so a crash mid-send counts too.
import { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";
import type { FailReason } from "~/domain/types";
import { RELEASE, reasonColumns, reasonText, updateClaimed, type Claimed } from "./complete";

export const DEFAULT_MAX_ATTEMPTS = 8;

const FIRST_DELAY_MS = 60_000;
const MAX_DELAY_MS = 6 * 3_600_000;
const JITTER = 0.1;

/**
 * 1 min, 2 min, 4 min… capped at 6 h, each ±10 % from `random` ([0, 1)) so that messages that
 * failed together (an SMTP outage) do not all retry in the same second.
 */
export function backoffDelayMs(attempt: number, random: () => number): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(exponent, 30));
  const spread = (Math.min(1, Math.max(0, random())) * 2 - 1) * JITTER;
  return Math.round(base * (1 + spread));
}

/**
 * Counts a send attempt on each of several claimed messages, in one statement (see markSentMany):
 * the attempts counted so far, or null where the claim was lost (then do not send). A claim whose
 * lease has run out by the lease clock (`lease.at`) counts as lost even while nobody took it yet; a
 * held one gets a whole lease from now, so the send it is about to make starts well inside it.
 * `updatedAt` as Prisma's @updatedAt would set it.
 */
export async function recordSendAttempts(db: Db, claimed: Claimed[], lease: { at: Date; leaseMs: number }): Promise<(number | null)[]> {
  const held = claimed.filter((c) => c.leaseOwner !== null);
  if (held.length === 0) return claimed.map(() => null);
  const claims = Prisma.join(
    held.map((c) => Prisma.sql`("id" = ${c.id} AND "leaseOwner" = ${c.leaseOwner})`),
    " OR ",
  );
  const rows = await db.$queryRaw<{ id: string; attempts: number | bigint }[]>`
    UPDATE "Message" SET "attempts" = "attempts" + 1, "leaseUntil" = ${new Date(lease.at.getTime() + lease.leaseMs)}, "updatedAt" = ${new Date()}
    WHERE (${claims}) AND "leaseUntil" > ${lease.at} RETURNING "id", "attempts"`;
  const counted = new Map(rows.map((r) => [r.id, Number(r.attempts)]));
  return claimed.map((c) => counted.get(c.id) ?? null);
}

export function markFailed(db: Db, claimed: Claimed, reason: FailReason, detail?: string): Promise<boolean> {
  return updateClaimed(db, claimed, { status: "failed", ...reasonColumns(reason, detail), ...RELEASE });
}

export type FailInput = { now: Date; error: string; transient: boolean; attempts: number; random: () => number; maxAttempts?: number };

export type FailOutcome = { status: "deferred"; runAt: Date; reason: string } | { status: "failed"; reason: string };

/** Decides retry or give up and records it; null when the claim was lost. */
export async function failOrRetry(db: Db, claimed: Claimed, input: FailInput): Promise<FailOutcome | null> {
  const max = input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (input.transient && input.attempts < max) {
    const runAt = new Date(input.now.getTime() + backoffDelayMs(input.attempts, input.random));
    const detail = `${input.error} (attempt ${input.attempts} of ${max})`;
    const ok = await updateClaimed(db, claimed, { status: "deferred", runAt, ...reasonColumns("send_retry", detail), ...RELEASE });
    return ok ? { status: "deferred", runAt, reason: reasonText("send_retry", detail) } : null;
  }
  const detail = input.transient ? `${input.error} (gave up after ${input.attempts} attempts)` : input.error;
  return (await markFailed(db, claimed, "send_failed", detail)) ? { status: "failed", reason: reasonText("send_failed", detail) } : null;
}
