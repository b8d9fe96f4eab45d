// Records a decision on a claimed message. Each write requires the claim's token, so a worker whose
// lease expired and was taken over cannot overwrite what the new holder decided.
import type { Message } from "@prisma/client";
import type { Db } from "~/db.server";
import type { DeferReason, SkipReason } from "~/domain/types";

export type Claimed = Pick<Message, "id" | "leaseOwner">;

export const RELEASE = { leaseOwner: null, leaseUntil: null } as const;

/** `reason_code: detail`, so the log can show the code and the merchant the whole sentence. */
export function reasonText(code: string, detail?: string | null): string {
  return detail ? `${code}: ${detail}` : code;
}

/** The code part of a stored reason. */
export function reasonCode(reason: string | null): string | null {
  return reason ? reason.split(":")[0] : null;
}

/** Writes `data` if the claim still holds; false when another worker owns the message now. */
export async function updateClaimed(db: Db, claimed: Claimed, data: Parameters<Db["message"]["updateMany"]>[0]["data"]): Promise<boolean> {
  if (!claimed.leaseOwner) return false;
  const result = await db.message.updateMany({ where: { id: claimed.id, leaseOwner: claimed.leaseOwner }, data });
  return result.count === 1;
}

export type SentRecord = { at: Date; providerMessageId: string; renderedSubject: string; locale: string; variant?: "A" | "B" | null };

/**
 * One autocommit statement, the same on SQLite and PostgreSQL: every sent message passes here, and
 * Prisma's updateMany costs several times as much (a query plan built per call, BEGIN … COMMIT).
 * `updatedAt` is set as Prisma's @updatedAt would set it.
 */
export async function markSent(db: Db, claimed: Claimed, sent: SentRecord): Promise<boolean> {
  if (!claimed.leaseOwner) return false;
  const changed = await db.$executeRaw`
    UPDATE "Message" SET "status" = 'sent', "reason" = NULL, "sentAt" = ${sent.at}, "providerMessageId" = ${sent.providerMessageId},
      "renderedSubject" = ${sent.renderedSubject}, "locale" = ${sent.locale}, "variant" = ${sent.variant ?? null},
      "leaseOwner" = NULL, "leaseUntil" = NULL, "updatedAt" = ${new Date()}
    WHERE "id" = ${claimed.id} AND "leaseOwner" = ${claimed.leaseOwner}`;
  return changed === 1;
}

export function markSkipped(db: Db, claimed: Claimed, reason: SkipReason, detail?: string): Promise<boolean> {
  return updateClaimed(db, claimed, { status: "skipped", reason: reasonText(reason, detail), ...RELEASE });
}

/** Back in the queue at `until`; the reason says what it waits for. */
export function markDeferred(db: Db, claimed: Claimed, until: Date, reason: DeferReason, detail?: string): Promise<boolean> {
  return updateClaimed(db, claimed, { status: "deferred", runAt: until, reason: reasonText(reason, detail), ...RELEASE });
}

/**
 * The holdout group: recorded as skipped at the moment it would have been sent, which starts its
 * attribution clock exactly as a send would.
 */
export function markHoldout(db: Db, claimed: Claimed, at: Date, detail: string): Promise<boolean> {
  return updateClaimed(db, claimed, { status: "skipped", reason: reasonText("holdout", detail), holdout: true, sentAt: at, ...RELEASE });
}
