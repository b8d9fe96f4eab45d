// One dispatcher pass with nothing due, over 1,000 and then 1,000,000 future-dated messages in the
// same database: a pass must cost the same however long the queue of later messages is.
import path from "node:path";
import { createDb, type Db } from "../../app/db.server";
import { parseEnv } from "../../app/env.server";
import { messageKey } from "../../app/domain/scenarios";
import { createRuntime } from "../../app/.server/runtime";
import { dispatchAt } from "../../app/.server/dispatch/pass";
import { DEMO_SHOP, installDemoShop } from "../../app/.server/shops";
import { median, onEachDatabase, quick, round, skippedFigure, withDatabase, type DbKind } from "./lib/databases";
import type { Benchmark, BenchFigure } from "./types";

const B = "dispatch-volume";
const GOAL = 1.1;
const SMALL = 1000;
const PASSES = 15;
const ROWS_PER_INSERT = 500;
const ROWS_PER_TRANSACTION = 50_000;
const DAY = 86_400_000;
const T = new Date("2026-03-02T10:00:00Z");

const large = () => (quick() ? 100_000 : 1_000_000);
const fmt = (n: number) => n.toLocaleString("en-US");
const name = (kind: DbKind) => `dispatcher pass, ${fmt(large())} vs ${fmt(SMALL)} future messages (${kind})`;

/** The format Prisma's SQLite adapter writes, so range comparisons line up; PostgreSQL reads it too. */
const iso = (ms: number) => `'${new Date(ms).toISOString().replace("Z", "+00:00")}'`;

const COLUMNS = `"id","key","shop","scenario","step","about","channel","customerShopifyId","email","orderShopifyId","triggeredAt","runAt","status","attempts","holdout","test","createdAt","updatedAt"`;

/**
 * Planned messages due 1–60 days after T, as multi-row INSERTs in large transactions (Prisma's
 * createMany manages about 2,000 rows/s here). Values are generated here, so they are SQL literals.
 */
async function seedFuture(db: Db, from: number, to: number, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  let lastReport = started;
  const at = iso(T.getTime());
  const row = (i: number) =>
    `('vol${i}','${messageKey(DEMO_SHOP, "post-delivery", `order:ov${i}`, 0)}','${DEMO_SHOP}','post-delivery',0,'order:ov${i}','email','v${i}','p${i}@volume.example','ov${i}',${at},${iso(T.getTime() + (1 + (i % 60)) * DAY)},'planned',0,FALSE,FALSE,${at},${at})`;
  for (let txStart = from; txStart < to; txStart += ROWS_PER_TRANSACTION) {
    const txEnd = Math.min(to, txStart + ROWS_PER_TRANSACTION);
    await db.$transaction(
      async (tx) => {
        for (let start = txStart; start < txEnd; start += ROWS_PER_INSERT) {
          const rows = Array.from({ length: Math.min(ROWS_PER_INSERT, txEnd - start) }, (_, k) => row(start + k));
          await tx.$executeRawUnsafe(`INSERT INTO "Message" (${COLUMNS}) VALUES ${rows.join(",")}`);
        }
      },
      { timeout: 600_000, maxWait: 60_000 },
    );
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      log(`    seeded ${fmt(txEnd)} / ${fmt(to)} (${Math.round((txEnd - from) / ((Date.now() - started) / 1000))} rows/s)`);
    }
  }
}

/** Guards the raw seeding: the app must read every row back as a planned message due after T. */
async function expectFuture(db: Db, count: number): Promise<void> {
  const seen = await db.message.count({ where: { status: "planned", runAt: { gt: T } } });
  if (seen !== count) throw new Error(`seeded ${count} future messages but the app reads ${seen}`);
}

async function measure(kind: DbKind, log: (line: string) => void): Promise<BenchFigure[]> {
  return withDatabase(kind, { migrated: true }, async (bdb) => {
    const db = createDb(bdb.url);
    const config = parseEnv({ CRM_DEMO: "1", NODE_ENV: "test", CRM_OUTBOX_DIR: path.join(bdb.dir, "outbox") });
    const runtime = await createRuntime(config, db);
    try {
      await installDemoShop(db, new Date(T.getTime() - 30 * DAY));
      const passes = async () => {
        const times: number[] = [];
        // The first pass warms the query plan and connections and is not counted.
        for (let i = 0; i <= PASSES; i++) {
          const started = performance.now();
          const report = await dispatchAt(runtime.deps, T);
          if (report.outcomes.length) throw new Error(`a pass with nothing due handled ${report.outcomes.length} messages`);
          if (i > 0) times.push(performance.now() - started);
        }
        return times;
      };
      log(`  seeding ${fmt(SMALL)} future messages…`);
      await seedFuture(db, 0, SMALL, log);
      await expectFuture(db, SMALL);
      const small = await passes();
      log(`    passes: ${small.map((t) => round(t, 1)).join(", ")} ms`);
      log(`  seeding up to ${fmt(large())} future messages…`);
      const seedStarted = Date.now();
      await seedFuture(db, SMALL, large(), log);
      log(`    seeded in ${round((Date.now() - seedStarted) / 1000, 0)} s`);
      await expectFuture(db, large());
      const big = await passes();
      log(`    passes: ${big.map((t) => round(t, 1)).join(", ")} ms`);
      const ratio = median(big) / median(small);
      return [
        {
          benchmark: B,
          name: name(kind),
          value: round(ratio),
          unit: "×",
          goal: `≤ ${GOAL}×`,
          met: ratio <= GOAL,
          note: `median pass ${round(median(big), 1)} ms vs ${round(median(small), 1)} ms (${PASSES} passes each, nothing due)`,
        },
      ];
    } finally {
      runtime.close();
      await db.$disconnect();
    }
  });
}

const benchmark: Benchmark = {
  name: B,
  description: "one dispatcher pass with nothing due over 1,000 vs 1,000,000 future-dated messages",
  run: ({ log }) =>
    onEachDatabase(
      log,
      (kind) => measure(kind, log),
      (kind, reason) => [skippedFigure(B, name(kind), "×", `≤ ${GOAL}×`, reason)],
    ),
};

export default benchmark;
