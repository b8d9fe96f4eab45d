// Records a decision on a claimed message. Each write requires the claim's token, so a worker whose
// lease expired and was taken over cannot overwrite what the new holder decided.
import { Prisma, type Message } from "@prisma/client";
import type { Db } from "~/db.server";
import { WAITING_STATUSES, type DeferReason, type MessageReason, type MessageStatus, type SkipReason } from "~/domain/types";

export type Claimed = Pick<Message, "id" | "leaseOwner">;

export const RELEASE = { leaseOwner: null, leaseUntil: null } as const;

/** A reason as one line, `code: detail`, for logs and outcomes; stored apart (reason, reasonDetail). */
export function reasonText(code: string, detail?: string | null): string {
  return detail ? `${code}: ${detail}` : code;
}

/** The columns a decision's reason is stored in. */
export function reasonColumns(code: MessageReason, detail?: string | null): { reason: MessageReason; reasonDetail: string | null } {
  return { reason: code, reasonDetail: detail ?? null };
}

/** Writes `data` if the claim still holds; false when another worker owns the message now. */
export async function updateClaimed(db: Db, claimed: Claimed, data: Parameters<Db["message"]["updateMany"]>[0]["data"]): Promise<boolean> {
  if (!claimed.leaseOwner) return false;
  const result = await db.message.updateMany({ where: { id: claimed.id, leaseOwner: claimed.leaseOwner }, data });
  return result.count === 1;
}

/** `links`: the web links the email's click tokens lead to, the only places they redirect to (null: not tracked). */
export type SentRecord = { at: Date; providerMessageId: string; renderedSubject: string; locale: string; variant?: "A" | "B" | null; links?: string[] | null };

/**
 * Records several sends at `at` in one statement (one commit, one call), the same SQL on SQLite and
 * PostgreSQL: every sent message passes here, and a Prisma updateMany per message costs several times
 * as much. True per message whose claim still held. `updatedAt` is set as Prisma's @updatedAt would.
 */
export async function markSentMany(db: Db, at: Date, sends: (Omit<SentRecord, "at"> & { claimed: Claimed })[]): Promise<boolean[]> {
  const held = sends.filter((s) => s.claimed.leaseOwner !== null);
  if (held.length === 0) return sends.map(() => false);
  const each = (value: (s: (typeof held)[number]) => string | null) =>
    Prisma.sql`CASE "id" ${Prisma.join(
      held.map((s) => Prisma.sql`WHEN ${s.claimed.id} THEN ${value(s)}`),
      " ",
    )} END`;
  const claims = Prisma.join(
    held.map((s) => Prisma.sql`("id" = ${s.claimed.id} AND "leaseOwner" = ${s.claimed.leaseOwner})`),
    " OR ",
  );
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Message" SET "status" = 'sent', "reason" = NULL, "reasonDetail" = NULL, "sentAt" = ${at},
      "providerMessageId" = ${each((s) => s.providerMessageId)}, "renderedSubject" = ${each((s) => s.renderedSubject)},
      "locale" = ${each((s) => s.locale)}, "variant" = ${each((s) => s.variant ?? null)},
      "links" = ${each((s) => (s.links ? JSON.stringify(s.links) : null))},
      "leaseOwner" = NULL, "leaseUntil" = NULL, "updatedAt" = ${new Date()}
    WHERE ${claims}
    RETURNING "id"`;
  const recorded = new Set(rows.map((r) => r.id));
  return sends.map((s) => recorded.has(s.claimed.id));
}

/**
 * Skips every message still waiting that `where` selects, with the reason: an unsubscribe, an
 * uninstall, a code whose email never went out. A message being sent right now keeps its claim, so
 * its send is still recorded as sent.
 */
export async function skipWaiting(db: Db | Prisma.TransactionClient, where: Prisma.MessageWhereInput, reason: MessageReason, detail?: string): Promise<number> {
  const skipped = await db.message.updateMany({ where: { AND: [where, { status: { in: [...WAITING_STATUSES] } }] }, data: { status: "skipped" satisfies MessageStatus, ...reasonColumns(reason, detail) } });
  return skipped.count;
}

export function markSkipped(db: Db, claimed: Claimed, reason: SkipReason, detail?: string): Promise<boolean> {
  return updateClaimed(db, claimed, { status: "skipped", ...reasonColumns(reason, detail), ...RELEASE });
}

/** Back in the queue at `until`; the reason says what it waits for. */
export function markDeferred(db: Db, claimed: Claimed, until: Date, reason: DeferReason, detail?: string): Promise<boolean> {
  return updateClaimed(db, claimed, { status: "deferred", runAt: until, ...reasonColumns(reason, detail), ...RELEASE });
}

/**
 * The holdout group: recorded as skipped at the moment it would have been sent, which starts its
 * attribution clock exactly as a send would.
 */
export function markHoldout(db: Db, claimed: Claimed, at: Date, detail: string): Promise<boolean> {
  return updateClaimed(db, claimed, { status: "skipped", ...reasonColumns("holdout", detail), holdout: true, sentAt: at, ...RELEASE });
}
