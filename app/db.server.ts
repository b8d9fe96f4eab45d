import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { databaseUrl } from "./database-url";

export type Db = PrismaClient;

/** A Prisma client over the SQLite file that `url` names (DATABASE_URL by default). */
export function createDb(url: string = databaseUrl()): Db {
  // timeout: how long a writer waits for another process's write lock (server + CLI share the file).
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }) });
}

/** WAL lets the CLI read while the server writes; it is a property of the file and persists. */
export async function prepareDatabase(db: Db): Promise<void> {
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
}

declare global {
  // eslint-disable-next-line no-var
  var __crmDb: Db | undefined;
}

/** The process-wide client: one per process, kept across dev-server reloads. */
export const db: Db = globalThis.__crmDb ?? (globalThis.__crmDb = createDb());
export default db;
