// The migrations of each database build exactly the schema the models describe: a model changed
// without its migration fails here, before a merchant's database is left behind.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createDb } from "~/db.server";
import { createEmptyDatabase, migrationSql, migrationSteps, testDbKind, testPgUrl } from "../support/db";

const ROOT = path.resolve(__dirname, "../..");
const PRISMA = path.join(ROOT, "node_modules/.bin/prisma");

function prisma(args: string[], env: Record<string, string> = {}) {
  return spawnSync(PRISMA, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
}

describe.skipIf(testDbKind() !== "postgres")("PostgreSQL migrations", () => {
  const env = { DATABASE_URL: testPgUrl() };
  it("match the models (migrate diff --exit-code)", () => {
    const diff = prisma(["migrate", "diff", "--from-migrations", "prisma/postgres/migrations", "--to-schema-datamodel", "prisma/postgres", "--exit-code"], env);
    expect(diff.stdout + diff.stderr).toContain("No difference detected");
    expect(diff.status).toBe(0);
  }, 120_000);

  // Tests build their schemas from the joined SQL; a server boots through the CLI, which sends each
  // statement on its own. This applies them the way a merchant's first boot does.
  it("apply through the CLI to an empty database (migrate deploy)", async () => {
    const empty = await createEmptyDatabase(os.tmpdir(), { migrated: false, kind: "postgres" });
    try {
      const deploy = prisma(["migrate", "deploy"], { DATABASE_URL: empty.url });
      expect(deploy.stdout + deploy.stderr).toContain("All migrations have been successfully applied");
      expect(deploy.status).toBe(0);
    } finally {
      await empty.drop();
    }
  }, 120_000);

  it("are reported as drifted when one is missing", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-migrations-"));
    fs.copyFileSync(path.join(ROOT, "prisma/postgres/migrations/migration_lock.toml"), path.join(dir, "migration_lock.toml"));
    const diff = prisma(["migrate", "diff", "--from-migrations", dir, "--to-schema-datamodel", "prisma/postgres", "--exit-code"], env);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(diff.status).toBe(2);
  }, 120_000);
});

describe.skipIf(testDbKind() !== "sqlite")("SQLite migrations", () => {
  // The CLI cannot replay SQLite migrations into a shadow database through the driver adapter, so the
  // check compares the catalog the migrations build with the one the models alone would build.
  function catalog(sql: string) {
    const db = new Database(":memory:");
    db.exec(sql);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    const shape = Object.fromEntries(
      tables.map((t) => [
        t,
        {
          // By name: a column added by ALTER TABLE comes last, wherever the model lists it.
          columns: (db.pragma(`table_info("${t}")`) as { cid?: number; name: string }[])
            .map(({ cid: _cid, ...column }) => column)
            .sort((a, b) => a.name.localeCompare(b.name)),
          // Partial indexes cannot be written in the models: they live in the migrations only (checked below).
          indexes: (db.pragma(`index_list("${t}")`) as { name: string; unique: number; partial: number }[])
            .filter((i) => !i.partial)
            .map((i) => ({ name: i.name, unique: i.unique, columns: (db.pragma(`index_info("${i.name}")`) as { name: string }[]).map((c) => c.name) }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        },
      ]),
    );
    db.close();
    return shape;
  }

  it("build the schema the models describe", () => {
    const fromModels = prisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/sqlite", "--script"], { DATABASE_URL: "file:./.data/app.db" });
    expect(fromModels.status).toBe(0);
    expect(catalog(migrationSql("sqlite"))).toEqual(catalog(fromModels.stdout));
  }, 120_000);
});

describe("Partial indexes", () => {
  const partialIndexes = (sql: string) =>
    [...sql.matchAll(/CREATE\s+INDEX\s+[^;]*?\s+WHERE\s+[^;]*;/gi)].map((m) => m[0].replace(/\s+/g, " ")).sort();

  it("are the same in both migration histories, since the models cannot describe them", () => {
    const sqlite = partialIndexes(migrationSql("sqlite"));
    expect(sqlite.length).toBeGreaterThan(0);
    expect(partialIndexes(migrationSql("postgres"))).toEqual(sqlite);
  });
});

describe("The Message renames and the reason split", () => {
  it("keep what a merchant's database already holds: reasons become code and detail, and the renamed columns keep their values", async () => {
    const kind = testDbKind();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-migrate-"));
    const database = await createEmptyDatabase(dir, { migrated: false, kind });
    const steps = migrationSteps(kind);
    const split = steps.findIndex((m) => m.name.endsWith("_message_names_reason_detail"));
    expect(split).toBeGreaterThan(0);
    await database.exec(steps.slice(0, split).map((m) => m.sql).join("\n"));
    const row = (id: string, status: string, reason: string | null) =>
      `('${id}', 's:welcome:${id}:0', 's', 'welcome', 0, 'order:${id}', 'o-${id}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '${status}', ${reason === null ? "NULL" : `'${reason.replace(/'/g, "''")}'`}, '2026-01-01T00:00:00.000Z')`;
    await database.exec(`INSERT INTO "Message" ("id", "key", "shop", "scenario", "step", "subject", "orderId", "triggeredAt", "runAt", "status", "reason", "updatedAt") VALUES
      ${[
        row("a", "skipped", "no_consent: the customer has not subscribed"),
        row("b", "deferred", "quiet_hours"),
        row("c", "failed", "550 no such user (gave up: after 8 attempts)"),
        row("d", "failed", "test send failed: connection refused"),
        row("e", "sent", null),
      ].join(",\n")};`);
    await database.exec(steps[split].sql);
    const db = createDb(database.url);
    try {
      const rows = await db.message.findMany({ orderBy: { id: "asc" }, select: { id: true, about: true, orderShopifyId: true, reason: true, reasonDetail: true } });
      expect(rows).toEqual([
        { id: "a", about: "order:a", orderShopifyId: "o-a", reason: "no_consent", reasonDetail: "the customer has not subscribed" },
        { id: "b", about: "order:b", orderShopifyId: "o-b", reason: "quiet_hours", reasonDetail: null },
        { id: "c", about: "order:c", orderShopifyId: "o-c", reason: "send_failed", reasonDetail: "550 no such user (gave up: after 8 attempts)" },
        { id: "d", about: "order:d", orderShopifyId: "o-d", reason: "send_failed", reasonDetail: "test send failed: connection refused" },
        { id: "e", about: "order:e", orderShopifyId: "o-e", reason: null, reasonDetail: null },
      ]);
    } finally {
      await db.$disconnect();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
