// On SQLite the dispatcher's messages in flight share one connection, and Prisma runs each write as
// BEGIN … COMMIT across awaits: another message's statement issued in between would join that
// transaction and be undone with it if it rolled back. So on SQLite the database steps of the
// messages in flight take turns (SQLite runs one writer at a time anyway); rendering and SMTP still
// overlap. PostgreSQL gives every transaction its own pooled connection: no turns needed.
import { dbKind, type Db } from "~/db.server";

/** Runs one database step (reads and writes that belong together) when it is its turn. */
export type DbTurn = <T>(step: () => Promise<T>) => Promise<T>;

export function dbTurns(db: Db): DbTurn {
  if (dbKind(db) === "postgres") return (step) => step();
  let last: Promise<unknown> = Promise.resolve();
  return (step) => {
    const result = last.then(step);
    last = result.catch(() => {});
    return result;
  };
}
