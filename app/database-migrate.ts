// Brings the database to the current migrations before anything reads it: `npm start` and the
// operator CLI both run this, so neither meets a fresh database with "table does not exist".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { databaseKind, databaseUrl, pgConnection, schemaFolder } from "./database-url";

/** The migrations the project ships for this database's kind, by folder name. */
function wantedMigrations(url: string): string[] {
  const dir = path.join(schemaFolder(url), "migrations");
  return fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, "migration.sql")));
}

const APPLIED = `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

/** Migrations recorded as applied in the database, or null when it has no record of any. */
async function appliedMigrations(url: string): Promise<Set<string> | null> {
  if (databaseKind(url) === "postgres") {
    const { default: pg } = await import("pg");
    const { connectionString, schema } = pgConnection(url);
    const client = new pg.Client({ connectionString, options: `-c search_path="${schema}"`, connectionTimeoutMillis: 10_000 });
    try {
      await client.connect();
      const rows = (await client.query<{ migration_name: string }>(APPLIED)).rows;
      return new Set(rows.map((r) => r.migration_name));
    } catch {
      // No table yet (a fresh database or schema), or nothing to reach: the CLI says which.
      return null;
    } finally {
      await client.end().catch(() => {});
    }
  }
  const file = url.slice("file:".length);
  if (!fs.existsSync(file)) return null;
  const { default: Database } = await import("better-sqlite3");
  const conn = new Database(file, { readonly: true });
  try {
    const table = conn.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
    if (!table) return null;
    return new Set((conn.prepare(APPLIED).all() as { migration_name: string }[]).map((r) => r.migration_name));
  } finally {
    conn.close();
  }
}

/**
 * True when every shipped migration is recorded as applied. Then the CLI is not started: it costs
 * seconds at every boot, and on SQLite `migrate deploy` fails while another process has the file open
 * (a running instance).
 */
async function upToDate(): Promise<boolean> {
  const url = databaseUrl();
  const applied = await appliedMigrations(url);
  return applied !== null && wantedMigrations(url).every((name) => applied.has(name));
}

/** `prisma migrate deploy` for DATABASE_URL, skipped on a database that is already current. */
export async function migrateDatabase(): Promise<{ ok: true } | { ok: false; error: string }> {
  if (await upToDate()) return { ok: true };
  const prisma = path.resolve("node_modules/.bin/prisma");
  const result = spawnSync(prisma, ["migrate", "deploy"], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (result.status !== 0) return { ok: false, error: `database migration failed:\n${result.stdout}\n${result.stderr}` };
  return { ok: true };
}

