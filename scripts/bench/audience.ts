// Who a scenario reaches, as the scenario page computes it before a merchant switches it on: segment
// sizes, the audience now, the people caught in 30 days and the overlap with the other switched-on
// scenarios, at 1,000,000 messages and 100,000 customers, on each database.
import { createDb } from "../../app/db.server";
import { scenarioReach, segmentSizes } from "../../app/.server/admin/audience";
import { readVipCutoff } from "../../app/.server/dispatch/facts";
import { DEMO_SHOP, installDemoShop } from "../../app/.server/shops";
import { DEFAULT_THRESHOLDS, type Audience } from "../../app/domain/segments";
import type { ScenarioKey } from "../../app/domain/types";
import { mulberry32 } from "../../tests/support/random";
import { seedVolume } from "../../tests/support/seed-volume";
import { onEachDatabase, skippedFigure, withDatabase, type DbKind } from "./lib/databases";
import type { Benchmark, BenchFigure } from "./types";

const MESSAGES = 1_000_000;
const CUSTOMERS = 100_000;
const WARMUP = 2;
const SAMPLES = 10;
const GOAL_MS = 250;
const DAY = 86_400_000;
const NAME = "audience: segment sizes + reach + overlap p95, 1,000,000 messages, 100,000 customers";

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const round = (n: number) => Math.round(n * 10) / 10;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

type Db = Parameters<typeof installDemoShop>[0];

/** Customers c0…c99999 (the people the message history is about), their checkouts and deliveries. */
async function seedPeople(db: Db, now: number, log: (line: string) => void) {
  const random = mulberry32(7);
  const customers: string[] = [];
  const checkouts: string[] = [];
  const orders: string[] = [];
  const flush = async (head: string, rows: string[]) => {
    for (let i = 0; i < rows.length; i += 500) await db.$executeRawUnsafe(`${head} VALUES ${rows.slice(i, i + 500).join(",")}`);
  };
  for (let p = 0; p < CUSTOMERS; p++) {
    const orders_ = random() < 0.4 ? 0 : Math.floor(random() * 6) + 1;
    const signedUp = now - Math.floor(random() * 365 * DAY);
    const lastOrder = orders_ > 0 ? now - Math.floor(random() * 200 * DAY) : null;
    const consent = random() < 0.7 ? "subscribed" : "not_subscribed";
    customers.push(
      `('bc${p}','${DEMO_SHOP}','${p}','c${p}@volume.example','${consent}',${orders_},${lastOrder === null ? "NULL" : `'${iso(lastOrder)}'`},${orders_ * Math.floor(2000 + random() * 8000)},'${iso(signedUp)}','${iso(now)}')`,
    );
    if (random() < 0.2) checkouts.push(`('bk${p}','${DEMO_SHOP}','tok${p}','c${p}@volume.example','${iso(now - Math.floor(random() * 30 * DAY))}')`);
    if (orders_ > 0 && random() < 0.1) orders.push(`('bo${p}','${DEMO_SHOP}','o${p}','c${p}@volume.example','${iso(now - 40 * DAY)}','${iso(now - Math.floor(random() * 30 * DAY))}')`);
  }
  await flush(`INSERT INTO "Customer" ("id","shop","shopifyId","email","emailConsent","ordersCount","lastOrderAt","totalSpentCents","signedUpAt","updatedAt")`, customers);
  await flush(`INSERT INTO "Checkout" ("id","shop","token","email","startedAt")`, checkouts);
  await flush(`INSERT INTO "Order" ("id","shop","shopifyId","email","placedAt","deliveredAt")`, orders);
  log(`  ${customers.length.toLocaleString("en-US")} customers, ${checkouts.length.toLocaleString("en-US")} checkouts and ${orders.length.toLocaleString("en-US")} deliveries in the last 30 days`);
}

async function measure(kind: DbKind, log: (line: string) => void): Promise<BenchFigure[]> {
  return withDatabase(kind, { migrated: true }, async (bdb) => {
    const db = createDb(bdb.url);
    try {
      return await measureOn(db, kind, log);
    } finally {
      await db.$disconnect();
    }
  });
}

async function measureOn(db: Db, kind: DbKind, log: (line: string) => void): Promise<BenchFigure[]> {
  {
    const now = new Date();
    await installDemoShop(db, now);
    log(`  seeding ${MESSAGES.toLocaleString("en-US")} messages…`);
    await seedVolume(db, { shop: DEMO_SHOP, messages: MESSAGES, now, log: (line) => log(`    ${line}`) });
    await seedPeople(db, now.getTime(), log);
    await db.$executeRawUnsafe("ANALYZE");

    const audience: Audience = { include: ["new", "first_time_buyer", "engaged"], exclude: ["dormant", "vip"] };
    const others: { scenario: ScenarioKey; audience: Audience }[] = [
      { scenario: "cart-recovery", audience: { include: [], exclude: [] } },
      { scenario: "post-delivery", audience: { include: ["repeat"], exclude: [] } },
    ];
    const times: number[] = [];
    let last = "";
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const started = performance.now();
      const vipCutoff = await readVipCutoff(db, DEMO_SHOP, DEFAULT_THRESHOLDS);
      const [sizes, reach] = await Promise.all([
        segmentSizes(db, DEMO_SHOP, DEFAULT_THRESHOLDS, vipCutoff, now),
        scenarioReach(db, { shop: DEMO_SHOP, scenario: "welcome", audience, others, thresholds: DEFAULT_THRESHOLDS, vipCutoff, now }),
      ]);
      const elapsed = performance.now() - started;
      if (i >= WARMUP) times.push(elapsed);
      last = `sizes ${JSON.stringify(sizes)}; reach now ${reach.now}, 30 days ${reach.last30Days}, overlaps ${JSON.stringify(reach.overlaps)}`;
    }
    times.sort((a, b) => a - b);
    const p95 = quantile(times, 0.95);
    log(`  ${last}`);
    log(`  over ${SAMPLES} runs: median ${round(quantile(times, 0.5))} ms, p95 ${round(p95)} ms`);
    const note = `${kind}: VIP cutoff, seven segment sizes, the audience now and the 30-day reach with two overlapping scenarios; ${SAMPLES} runs after ${WARMUP}`;
    return [
      { benchmark: "audience", name: `${NAME} (${kind})`, value: round(p95), unit: "ms", goal: `≤ ${GOAL_MS} ms`, met: p95 <= GOAL_MS, note },
      { benchmark: "audience", name: `audience median (${kind})`, value: round(quantile(times, 0.5)), unit: "ms", goal: null, met: null, note },
    ];
  }
}

const bench: Benchmark = {
  name: "audience",
  description: "segment sizes, a scenario's reach and its overlap with others at 1,000,000 messages and 100,000 customers",
  run: ({ log }) =>
    onEachDatabase(
      log,
      (kind) => measure(kind, log),
      (kind, reason) => [skippedFigure("audience", `${NAME} (${kind})`, "ms", `≤ ${GOAL_MS} ms`, reason)],
    ),
};

export default bench;
