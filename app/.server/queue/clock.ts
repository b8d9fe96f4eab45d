// The clock that leases and send times are read from. Eligibility (what is due, what the budget
// allows) keeps the pass's instant, which tests and replays pass in; a lease is a promise to other
// processes, so it is stamped with a time they all read alike: the database's own clock on PostgreSQL,
// where instances run on different hosts, and the host's on SQLite, whose file never leaves it.
import { performance } from "node:perf_hooks";
import { dbKind, type Db } from "~/db.server";

export type LeaseClock = {
  /** A fresh reading (a round trip on PostgreSQL): taken at each claim, renewal and recorded send. */
  read(): Promise<Date>;
};

/** The database's clock, read with `clock_timestamp()` (the statement's time, not the transaction's). */
export function databaseClock(db: Db): LeaseClock {
  if (dbKind(db) !== "postgres") return { read: async () => new Date() };
  return {
    async read() {
      const [row] = await db.$queryRaw<{ now: Date | string }[]>`SELECT clock_timestamp() AS "now"`;
      const at = row.now instanceof Date ? row.now : new Date(row.now);
      if (Number.isNaN(at.getTime())) throw new Error(`the database clock read as ${String(row.now)}`);
      return at;
    },
  };
}

/** A clock that does not move: a pass run at a simulated instant, with nothing else to agree with. */
export function fixedClock(at: Date): LeaseClock {
  return { read: async () => at };
}

/** Simulated time that moves as real time does from `start`: a replayed process that still ages its leases. */
export function movingClock(start: Date): LeaseClock {
  const origin = performance.now();
  return { read: async () => new Date(start.getTime() + Math.round(performance.now() - origin)) };
}
