import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { PrismaClient as PgPrismaClient } from "./generated/pg/client";
import { databaseKind, databaseUrl, pgConnection } from "./database-url";
import { oneUseAtATime } from "./sqlite-turns.server";

/**
 * The client type the app is written against: the SQLite client's. The PostgreSQL client is generated
 * from the same models (prisma/models.prisma) by another generator, so its rows and arguments have the
 * same shapes, but TypeScript sees two unrelated classes; `createDb` is the one place that casts.
 */
export type Db = PrismaClient;

/** A Prisma client for `url` (DATABASE_URL by default): `file:` → SQLite, `postgres(ql)://` → PostgreSQL. */
export function createDb(url: string = databaseUrl()): Db {
  if (databaseKind(url) === "postgres") {
    const { connectionString, schema } = pgConnection(url);
    // search_path serves raw SQL (unqualified names); `schema` makes Prisma's own queries qualify with it.
    const adapter = new PrismaPg({ connectionString, options: `-c search_path="${schema}"` }, { schema });
    const client = new PgPrismaClient({ adapter }) as unknown as Db;
    postgresClients.add(client);
    return client;
  }
  // timeout: how long a writer waits for another process's write lock (server + CLI share the file).
  return new PrismaClient({ adapter: oneUseAtATime(new PrismaBetterSQLite3({ url, timeout: 10_000 })) });
}

// A Prisma client is a proxy, so `instanceof` cannot tell the two apart: createDb records which it made.
const postgresClients = new WeakSet<object>();

/** Which database a client from createDb talks to (SQL that differs between the two asks this). */
/** A unique constraint refused the write (Prisma's P2002), from either database's client. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

export function dbKind(db: Db): "sqlite" | "postgres" {
  return postgresClients.has(db) ? "postgres" : "sqlite";
}

/** WAL lets the CLI read while the server writes; it is a property of the file and persists. */
export async function prepareDatabase(db: Db): Promise<void> {
  if (dbKind(db) === "sqlite") await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
}

declare global {
  // eslint-disable-next-line no-var
  var __crmDb: Db | undefined;
}

/** The process-wide client: one per process, kept across dev-server reloads. */
export const db: Db = globalThis.__crmDb ?? (globalThis.__crmDb = createDb());
export default db;
