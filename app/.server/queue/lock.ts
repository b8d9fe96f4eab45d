// On SQLite one dispatcher runs at a time, enforced: a lease row that the active process renews at
// every pass, and every third of its lease while a pass runs. Another process (a second `npm start` on the same file, the CLI) stands by and takes
// over once the holder releases it on shutdown, or once a crashed holder's lease runs out.
// PostgreSQL needs no such lock: claims skip rows another instance holds (claim.ts).
import { dbKind, type Db } from "~/db.server";

export const DISPATCHER_LOCK = "dispatcher";
export const DEFAULT_LOCK_LEASE_MS = 3 * 60_000;

export type LockHolder = { owner: string; until: Date };

export type DispatcherLock = {
  /** How long a taken lease lasts (null: nothing to renew); its holder renews it well before. */
  leaseMs: number | null;
  /** Takes or renews the lease; false while another live process holds it. */
  acquire(now: Date): Promise<boolean>;
  /** Who holds it (for the stand-by message), or null. */
  holder(): Promise<LockHolder | null>;
  release(): Promise<void>;
};

/** Every process may dispatch: the database arbitrates claims row by row. */
const shared: DispatcherLock = { leaseMs: null, acquire: async () => true, holder: async () => null, release: async () => {} };

export function dispatcherLock(db: Db, owner: string, leaseMs: number = DEFAULT_LOCK_LEASE_MS): DispatcherLock {
  if (dbKind(db) === "postgres") return shared;
  return {
    leaseMs,
    async acquire(now) {
      const until = new Date(now.getTime() + leaseMs);
      // One statement: SQLite serialises writers, so of two processes racing only one gets a row changed.
      const changed = await db.$executeRaw`
        INSERT INTO "DispatcherLock" ("name", "owner", "until") VALUES (${DISPATCHER_LOCK}, ${owner}, ${until})
        ON CONFLICT ("name") DO UPDATE SET "owner" = excluded."owner", "until" = excluded."until"
        WHERE "DispatcherLock"."owner" = excluded."owner" OR "DispatcherLock"."until" <= ${now}`;
      return changed > 0;
    },
    async holder() {
      const [row] = await db.$queryRaw<{ owner: string; until: Date | string | number | bigint }[]>`
        SELECT "owner", "until" FROM "DispatcherLock" WHERE "name" = ${DISPATCHER_LOCK}`;
      if (!row) return null;
      const until = row.until instanceof Date ? row.until : new Date(typeof row.until === "string" ? row.until : Number(row.until));
      return { owner: row.owner, until };
    },
    async release() {
      await db.$executeRaw`DELETE FROM "DispatcherLock" WHERE "name" = ${DISPATCHER_LOCK} AND "owner" = ${owner}`;
    },
  };
}

