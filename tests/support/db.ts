// A real, migrated database per test file, with the project's own migrations: a SQLite file in a temp
// folder, or with CRM_TEST_DB=postgres a fresh schema in PostgreSQL's `test` database (dropped on close).
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { createDb, type Db } from "~/db.server";
import { pgConnection, type DatabaseKind } from "~/database-url";

// From this file's own URL: `__dirname` is not defined in ES modules, and under tsx the name resolves
// to a global that Prisma's generated PostgreSQL client sets to its own folder.
const PRISMA = fileURLToPath(new URL("../../prisma", import.meta.url));

/** Which database the suite runs on: CRM_TEST_DB=postgres, SQLite otherwise. */
export function testDbKind(): DatabaseKind {
  return process.env.CRM_TEST_DB === "postgres" ? "postgres" : "sqlite";
}

/** The PostgreSQL database tests create their schemas in (trust auth on 127.0.0.1 by default). */
export function testPgUrl(): string {
  return process.env.CRM_TEST_PG_URL || "postgresql://postgres@127.0.0.1:5432/test";
}

/** Each migration of one database, in the order they apply. */
export function migrationSteps(kind: DatabaseKind = "sqlite"): { name: string; sql: string }[] {
  const dir = path.join(PRISMA, kind, "migrations");
  return fs
    .readdirSync(dir)
    .filter((d) => fs.existsSync(path.join(dir, d, "migration.sql")))
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8") }));
}

export function migrationSql(kind: DatabaseKind = "sqlite"): string {
  return migrationSteps(kind)
    .map((m) => m.sql)
    .join("\n");
}

/**
 * The migrations as Prisma's `migrate deploy` records them (`_prisma_migrations`, one row per folder,
 * its checksum the SHA-256 of the file): a server booted on a test database finds it current and does
 * not start the CLI, as on a merchant's second boot.
 */
function migrationRecords(kind: DatabaseKind): string {
  const dir = path.join(PRISMA, kind, "migrations");
  const names = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, "migration.sql"))).sort();
  const time = kind === "postgres" ? "TIMESTAMPTZ" : "DATETIME";
  const rows = names.map((name) => {
    const checksum = createHash("sha256").update(fs.readFileSync(path.join(dir, name, "migration.sql"))).digest("hex");
    return `('${randomUUID()}', '${checksum}', CURRENT_TIMESTAMP, '${name}', CURRENT_TIMESTAMP, 1)`;
  });
  return `CREATE TABLE "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" ${time},
    "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" ${time},
    "started_at" ${time} NOT NULL DEFAULT CURRENT_TIMESTAMP, "applied_steps_count" INTEGER NOT NULL DEFAULT 0);
  INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "started_at", "applied_steps_count") VALUES ${rows.join(", ")};`;
}

export type TestDb = {
  db: Db;
  kind: DatabaseKind;
  /** DATABASE_URL for another process (a server, a CLI, a child worker) to use this same database. */
  url: string;
  /** The SQLite file; "" on PostgreSQL. */
  file: string;
  /** A scratch folder that lives as long as the database. */
  dir: string;
  /** Runs SQL outside Prisma, e.g. to break the database on purpose. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
};

export type EmptyDatabase = { kind: DatabaseKind; url: string; file: string; exec(sql: string): Promise<void>; drop(): Promise<void> };

async function withPg<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const { connectionString, schema } = pgConnection(url);
  const client = new pg.Client({ connectionString, options: `-c search_path="${schema}"` });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new database with no tables yet (`migrated` applies the project's migrations). */
export async function createEmptyDatabase(dir: string, opts: { migrated: boolean; kind?: DatabaseKind }): Promise<EmptyDatabase> {
  const kind = opts.kind ?? testDbKind();
  if (kind === "postgres") {
    const schema = `t_${randomBytes(8).toString("hex")}`;
    const base = new URL(testPgUrl());
    base.searchParams.set("schema", schema);
    const url = base.toString();
    await withPg(url, async (c) => {
      await c.query(`CREATE SCHEMA "${schema}"`);
      if (opts.migrated) await c.query(`${migrationSql("postgres")}\n${migrationRecords("postgres")}`);
    });
    return {
      kind,
      url,
      file: "",
      exec: (sql) => withPg(url, async (c) => void (await c.query(sql))),
      drop: () => withPg(url, async (c) => void (await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`))),
    };
  }
  const file = path.join(dir, "test.db");
  if (opts.migrated) fs.copyFileSync(sqliteTemplate(), file);
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  raw.close();
  const execSqlite = async (sql: string) => {
    const conn = new Database(file);
    try {
      conn.exec(sql);
    } finally {
      conn.close();
    }
  };
  return { kind, url: `file:${file}`, file, exec: execSqlite, drop: async () => {} };
}

/**
 * A SQLite file migrated once and copied for every test database that wants one: named by the digest
 * of the migrations, so every worker of every run on this machine shares it until a migration changes.
 */
function sqliteTemplate(): string {
  const sql = `${migrationSql("sqlite")}\n${migrationRecords("sqlite")}`;
  const digest = createHash("sha256").update(migrationSql("sqlite")).digest("hex").slice(0, 16);
  const template = path.join(os.tmpdir(), `crm-test-template-${digest}.db`);
  if (fs.existsSync(template)) return template;
  const building = `${template}.${process.pid}.${randomBytes(4).toString("hex")}`;
  const raw = new Database(building);
  raw.exec(sql);
  raw.close();
  // Written under a name of its own, then renamed: another worker never copies a half-built file.
  fs.renameSync(building, template);
  return template;
}

/** Creates a fresh, migrated database. Call close() in afterAll. */
export async function createTestDb(): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-test-"));
  const empty = await createEmptyDatabase(dir, { migrated: true });
  const db = createDb(empty.url);
  return {
    db,
    kind: empty.kind,
    url: empty.url,
    file: empty.file,
    dir,
    exec: empty.exec,
    async close() {
      await db.$disconnect();
      await empty.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
