// A real SQLite file per test file, migrated with the project's own migrations.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { createDb, type Db } from "~/db.server";

const MIGRATIONS = path.resolve(__dirname, "../../prisma/migrations");

export function migrationSql(): string {
  return fs
    .readdirSync(MIGRATIONS)
    .filter((d) => fs.existsSync(path.join(MIGRATIONS, d, "migration.sql")))
    .sort()
    .map((d) => fs.readFileSync(path.join(MIGRATIONS, d, "migration.sql"), "utf8"))
    .join("\n");
}

export type TestDb = { db: Db; url: string; file: string; dir: string; close(): Promise<void> };

/** Creates a fresh, migrated SQLite database in a temp folder. Call close() in afterAll. */
export async function createTestDb(): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-test-"));
  const file = path.join(dir, "test.db");
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  raw.exec(migrationSql());
  raw.close();
  const url = `file:${file}`;
  const db = createDb(url);
  return {
    db,
    url,
    file,
    dir,
    async close() {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
