// "You may also like" as the dispatcher asks it, once per post-delivery or second-order email: the one
// statement of app/.server/dispatch/recommendations.ts at 100,000 orders (about 250,000 line items,
// 1,000 products of very unequal popularity, 40,000 buyers), on each database.
import { createDb } from "../../app/db.server";
import { recommendProducts } from "../../app/.server/dispatch/recommendations";
import { DEMO_SHOP, installDemoShop } from "../../app/.server/shops";
import { mulberry32 } from "../../tests/support/random";
import { onEachDatabase, skippedFigure, withDatabase, type DbKind } from "./lib/databases";
import type { Benchmark, BenchFigure } from "./types";

const ORDERS = 100_000;
const BUYERS = 40_000;
const PRODUCTS = 1_000;
const WARMUP = 5;
const SAMPLES = 60;
const GOAL_MS = 50;
const DAY = 86_400_000;
const NAME = "recommendations: one query per email p95, 100,000 orders";

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const round = (n: number) => Math.round(n * 10) / 10;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

type Db = Parameters<typeof installDemoShop>[0];

/** Orders o0…o99999 by buyers 0…39999 over the last year; products drawn with a long tail (a few sell a lot). */
async function seedOrders(db: Db, now: number, log: (line: string) => void) {
  const random = mulberry32(11);
  const product = () => String(1 + Math.floor(PRODUCTS * random() ** 3));
  const orders: string[] = [];
  const lines: string[] = [];
  const flush = async (head: string, rows: string[]) => {
    for (let i = 0; i < rows.length; i += 500) await db.$executeRawUnsafe(`${head} VALUES ${rows.slice(i, i + 500).join(",")}`);
    rows.length = 0;
  };
  let lineCount = 0;
  for (let o = 0; o < ORDERS; o++) {
    const buyer = Math.floor(random() * BUYERS);
    const placed = iso(now - Math.floor(random() * 365 * DAY));
    orders.push(`('bo${o}','${DEMO_SHOP}','o${o}','${buyer}','b${buyer}@volume.example','${placed}')`);
    const basket = new Set<string>();
    const size = 1 + Math.floor(random() * random() * 5);
    while (basket.size < size) basket.add(product());
    let position = 0;
    for (const p of basket) {
      lines.push(`('bl${o}-${position}','${DEMO_SHOP}','o${o}',${position},'${p}','${p}0','Product ${p}',1,${100 * Number(p)},'USD','${placed}')`);
      position++;
      lineCount++;
    }
    if (orders.length >= 5_000) {
      await flush(`INSERT INTO "Order" ("id","shop","shopifyId","customerShopifyId","email","placedAt")`, orders);
      await flush(`INSERT INTO "OrderLine" ("id","shop","orderShopifyId","position","productShopifyId","variantShopifyId","title","quantity","priceCents","currency","placedAt")`, lines);
    }
  }
  await flush(`INSERT INTO "Order" ("id","shop","shopifyId","customerShopifyId","email","placedAt")`, orders);
  await flush(`INSERT INTO "OrderLine" ("id","shop","orderShopifyId","position","productShopifyId","variantShopifyId","title","quantity","priceCents","currency","placedAt")`, lines);
  log(`  ${ORDERS.toLocaleString("en-US")} orders, ${lineCount.toLocaleString("en-US")} line items, ${PRODUCTS.toLocaleString("en-US")} products, ${BUYERS.toLocaleString("en-US")} buyers`);
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
  const now = new Date();
  await installDemoShop(db, now);
  log(`  seeding…`);
  await seedOrders(db, now.getTime(), log);
  await db.$executeRawUnsafe("ANALYZE");

  // Buyers (most have orders) and, one in ten, someone who bought nothing yet (best sellers only).
  const random = mulberry32(5);
  const times: number[] = [];
  let last = "";
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const buyer = i % 10 === 9 ? `new${i}` : String(Math.floor(random() * BUYERS));
    const started = performance.now();
    const recs = await recommendProducts(db, DEMO_SHOP, { customerShopifyId: buyer, email: `b${buyer}@volume.example` }, now, 5);
    const elapsed = performance.now() - started;
    if (i >= WARMUP) times.push(elapsed);
    last = `buyer ${buyer}: ${recs.map((r) => `${r.productShopifyId} (${r.source}, ${r.orders} orders)`).join(", ")}`;
  }
  times.sort((a, b) => a - b);
  const p50 = quantile(times, 0.5);
  const p95 = quantile(times, 0.95);
  log(`  last: ${last}`);
  log(`  over ${SAMPLES} queries: median ${round(p50)} ms, p95 ${round(p95)} ms`);
  const note = `${kind}: one statement per email (bought together, then 90-day best sellers, never bought), ${SAMPLES} people after ${WARMUP}, one in ten with no order`;
  return [
    { benchmark: "recommendations", name: `${NAME} (${kind})`, value: round(p95), unit: "ms", goal: `≤ ${GOAL_MS} ms`, met: p95 <= GOAL_MS, note },
    { benchmark: "recommendations", name: `recommendations median (${kind})`, value: round(p50), unit: "ms", goal: null, met: null, note },
  ];
}

const bench: Benchmark = {
  name: "recommendations",
  description: "the 'you may also like' query of one email at 100,000 orders",
  run: ({ log }) =>
    onEachDatabase(
      log,
      (kind) => measure(kind, log),
      (kind, reason) => [skippedFigure("recommendations", `${NAME} (${kind})`, "ms", `≤ ${GOAL_MS} ms`, reason)],
    ),
};

export default bench;
