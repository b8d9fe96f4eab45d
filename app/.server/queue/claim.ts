// Claims due messages with a lease, so two workers (or any number of app instances on one database)
// never hold the same message. On PostgreSQL one statement picks and leases rows, skipping those
// another instance is leasing at that moment; on SQLite (one writer at a time) a conditional update
// over the candidates decides.
import { randomUUID } from "node:crypto";
import { Prisma, type Message } from "@prisma/client";
import { dbKind, type Db } from "~/db.server";
import { WAITING_STATUSES } from "~/domain/types";

export { WAITING_STATUSES } from "~/domain/types";

export type ClaimOptions = {
  workerId: string;
  /** The pass's instant: what is due. */
  now: Date;
  /** The lease clock's reading (clock.ts): which leases have run out, and the new one's start. Defaults to `now`. */
  leaseNow?: Date;
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
  const token = `${opts.workerId}:${randomUUID()}`;
  const leaseNow = opts.leaseNow ?? opts.now;
  const lease = { token, leaseNow, until: new Date(leaseNow.getTime() + opts.leaseMs) };
  const claimed = dbKind(db) === "postgres" ? await claimSkipLocked(db, opts, lease) : await claimConditional(db, opts, lease);
  if (!claimed) return [];
  return db.message.findMany({ where: { leaseOwner: token }, orderBy: [{ runAt: "asc" }, { id: "asc" }] });
}

/** Rows another transaction has locked are passed over rather than waited for. */
type Lease = { token: string; leaseNow: Date; until: Date };

async function claimSkipLocked(db: Db, opts: ClaimOptions, { token, leaseNow, until }: Lease): Promise<number> {
  const excluded = opts.exclude?.length ? Prisma.sql`AND "id" NOT IN (${Prisma.join(opts.exclude)})` : Prisma.empty;
  return db.$executeRaw`
    UPDATE "Message" SET "leaseOwner" = ${token}, "leaseUntil" = ${until}
    WHERE "id" IN (
      SELECT "id" FROM "Message"
      WHERE "status" IN (${Prisma.join(WAITING_STATUSES)}) AND "runAt" <= ${opts.now}
        AND ("leaseOwner" IS NULL OR "leaseUntil" IS NULL OR "leaseUntil" <= ${leaseNow}) ${excluded}
      ORDER BY "runAt", "id"
      LIMIT ${opts.limit}
      FOR UPDATE SKIP LOCKED)`;
}

async function claimConditional(db: Db, opts: ClaimOptions, { token, leaseNow, until }: Lease): Promise<number> {
  const due: Prisma.MessageWhereInput = {
    status: { in: [...WAITING_STATUSES] },
    runAt: { lte: opts.now },
    ...(opts.exclude?.length ? { id: { notIn: opts.exclude } } : {}),
  };
  const candidates = await db.message.findMany({
    where: { AND: [due, leaseFree(leaseNow)] },
    orderBy: [{ runAt: "asc" }, { id: "asc" }],
    take: opts.limit,
    select: { id: true },
  });
  if (candidates.length === 0) return 0;
  // One autocommit statement rather than Prisma's updateMany, which wraps the UPDATE in BEGIN…COMMIT
  // across an await: two clients in one process on better-sqlite3 then deadlock on the write lock.
  // Plain SQL with quoted names reads the same on SQLite and PostgreSQL.
  return db.$executeRaw`
    UPDATE "Message" SET "leaseOwner" = ${token}, "leaseUntil" = ${until}
    WHERE "id" IN (${Prisma.join(candidates.map((c) => c.id))})
      AND "status" IN (${Prisma.join(WAITING_STATUSES)})
      AND "runAt" <= ${opts.now}
      AND ("leaseOwner" IS NULL OR "leaseUntil" IS NULL OR "leaseUntil" <= ${leaseNow})`;
}

/**
 * Extends the leases of every claim a pass still holds (its tokens) to `until`. A pass that runs longer
 * than one lease (a slow SMTP server, a large backlog) keeps what it claimed; a message it finished no
 * longer carries its token, so only what is still in hand is renewed.
 */
export async function renewLeases(db: Db, tokens: string[], until: Date): Promise<number> {
  if (tokens.length === 0) return 0;
  return db.$executeRaw`UPDATE "Message" SET "leaseUntil" = ${until} WHERE "leaseOwner" IN (${Prisma.join(tokens)})`;
}
