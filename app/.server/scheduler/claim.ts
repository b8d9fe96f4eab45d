// Claims due messages with a lease. One conditional update decides ownership, so two workers (or
// two app instances on one database) never hold the same message; nothing here is SQLite-specific.
import { randomUUID } from "node:crypto";
import { Prisma, type Message } from "@prisma/client";
import type { Db } from "~/db.server";

export const WAITING_STATUSES = ["planned", "deferred"];

export type ClaimOptions = {
  workerId: string;
  now: Date;
  leaseMs: number;
  limit: number;
  /** Ids this pass has already handled: a message is processed at most once per pass. */
  exclude?: string[];
};

/** Free to take: never leased, released, or its holder's lease ran out. */
export function leaseFree(now: Date): Prisma.MessageWhereInput {
  return { OR: [{ leaseOwner: null }, { leaseUntil: null }, { leaseUntil: { lte: now } }] };
}

/**
 * The claimed rows carry the claim's token in `leaseOwner`: completing a message requires it, so a
 * worker that lost its lease cannot overwrite the new holder's outcome.
 */
export async function claimDueMessages(db: Db, opts: ClaimOptions): Promise<Message[]> {
  const due: Prisma.MessageWhereInput = {
    status: { in: WAITING_STATUSES },
    runAt: { lte: opts.now },
    ...(opts.exclude?.length ? { id: { notIn: opts.exclude } } : {}),
  };
  const candidates = await db.message.findMany({
    where: { AND: [due, leaseFree(opts.now)] },
    orderBy: [{ runAt: "asc" }, { id: "asc" }],
    take: opts.limit,
    select: { id: true },
  });
  if (candidates.length === 0) return [];

  const token = `${opts.workerId}:${randomUUID()}`;
  const until = new Date(opts.now.getTime() + opts.leaseMs);
  // One autocommit statement rather than Prisma's updateMany, which wraps the UPDATE in BEGIN…COMMIT
  // across an await: two clients in one process on better-sqlite3 then deadlock on the write lock.
  // Plain SQL with quoted names reads the same on SQLite and PostgreSQL.
  await db.$executeRaw`
    UPDATE "Message" SET "leaseOwner" = ${token}, "leaseUntil" = ${until}
    WHERE "id" IN (${Prisma.join(candidates.map((c) => c.id))})
      AND "status" IN (${Prisma.join(WAITING_STATUSES)})
      AND "runAt" <= ${opts.now}
      AND ("leaseOwner" IS NULL OR "leaseUntil" IS NULL OR "leaseUntil" <= ${opts.now})`;
  return db.message.findMany({ where: { leaseOwner: token }, orderBy: [{ runAt: "asc" }, { id: "asc" }] });
}
