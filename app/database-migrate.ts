// Brings the database to the current migrations before anything reads it: `npm start` and the
// operator CLI both run this, so neither meets a fresh database with "table does not exist".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { databaseKind, databaseUrl, schemaFolder } from "./database-url";

/**
 * SQLite: `migrate deploy` fails while another process has the file open (a running instance), so a
 * second process skips it when every migration is already applied.
 */
async function sqliteUpToDate(): Promise<boolean> {
  const url = databaseUrl();
  if (databaseKind(url) !== "sqlite" || !fs.existsSync(url.slice("file:".length))) return false;
  const dir = path.join(schemaFolder(url), "migrations");
  const wanted = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, "migration.sql")));
  const { default: Database } = await import("better-sqlite3");
  const conn = new Database(url.slice("file:".length), { readonly: true });
  try {
    const table = conn.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
    if (!table) return false;
    const rows = conn.prepare(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as { migration_name: string }[];
    const applied = new Set(rows.map((r) => r.migration_name));
    return wanted.every((name) => applied.has(name));
  } finally {
    conn.close();
  }
}

/** `prisma migrate deploy` for DATABASE_URL, skipped on a SQLite file that is already current. */
export async function migrateDatabase(): Promise<{ ok: true } | { ok: false; error: string }> {
  if (await sqliteUpToDate()) return { ok: true };
  const prisma = path.resolve("node_modules/.bin/prisma");
  const result = spawnSync(prisma, ["migrate", "deploy"], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (result.status !== 0) return { ok: false, error: `database migration failed:\n${result.stdout}\n${result.stderr}` };
  return { ok: true };
}

