// The scenarios page (/app, the merchant's home) with 1,000 and then 1,000,000 messages in the
// database: the real built server in demo mode, requested over loopback after a warm-up.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb } from "../../app/db.server";
import { DEMO_SHOP } from "../../app/.server/shops";
import { seedVolume } from "../../tests/support/seed-volume";
import { ensureBuilt, startServer } from "../lib/server-process";
import type { Benchmark, BenchFigure } from "./types";

const WARMUP = 5;
const SAMPLES = 30;
const GOAL_MS = 100;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const round = (n: number) => Math.round(n * 10) / 10;

type Measured = { wallMedian: number; wallP95: number; loaderMedian: number; loaderP95: number };

async function measure(size: number, log: (line: string) => void): Promise<Measured> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-bench-scenarios-"));
  // Demo mode is refused with NODE_ENV=production; the built server renders React's production build anyway.
  const env = { CRM_DEMO: "1", CRM_JOBS: "off", NODE_ENV: "test", DATABASE_URL: `file:${path.join(dir, "app.db")}`, CRM_OUTBOX_DIR: path.join(dir, "outbox") };
  const server = await startServer(env);
  const db = createDb(env.DATABASE_URL);
  try {
    log(`${size.toLocaleString("en-US")} messages: seeding…`);
    const seeded = await seedVolume(db, { shop: DEMO_SHOP, messages: size, now: new Date(), log: (line) => log(`  ${line}`) });
    log(`  seeded ${seeded.messages.toLocaleString("en-US")} messages, ${seeded.events.toLocaleString("en-US")} events (${seeded.recentMessages.toLocaleString("en-US")} in the last 28 days)`);
    const wall: number[] = [];
    const loader: number[] = [];
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const started = performance.now();
      const res = await fetch(`${server.url}/app`);
      const html = await res.text();
      const elapsed = performance.now() - started;
      if (res.status !== 200 || !html.includes('data-scenario="cart-recovery"')) throw new Error(`/app answered ${res.status} without the scenarios`);
      if (i < WARMUP) continue;
      wall.push(elapsed);
      const dur = /dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "")?.[1];
      if (dur) loader.push(Number(dur));
    }
    wall.sort((a, b) => a - b);
    loader.sort((a, b) => a - b);
    const m = { wallMedian: quantile(wall, 0.5), wallP95: quantile(wall, 0.95), loaderMedian: quantile(loader, 0.5), loaderP95: quantile(loader, 0.95) };
    log(`  /app over ${SAMPLES} requests: median ${round(m.wallMedian)} ms, p95 ${round(m.wallP95)} ms (loader median ${round(m.loaderMedian)} ms, p95 ${round(m.loaderP95)} ms)`);
    return m;
  } finally {
    await db.$disconnect();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const bench: Benchmark = {
  name: "scenarios-page",
  description: "GET /app (scenarios page document) with 1,000 and 1,000,000 messages, server time over loopback",
  async run({ log }) {
    ensureBuilt(log);
    const small = await measure(1_000, log);
    const large = await measure(1_000_000, log);
    const note = `${SAMPLES} requests after ${WARMUP} warm-up, whole document (loader + render) timed on loopback`;
    const figures: BenchFigure[] = [
      { benchmark: "scenarios-page", name: "scenarios page p95, 1,000,000 messages", value: round(large.wallP95), unit: "ms", goal: `≤ ${GOAL_MS} ms`, met: large.wallP95 <= GOAL_MS, note },
      { benchmark: "scenarios-page", name: "scenarios page median, 1,000,000 messages", value: round(large.wallMedian), unit: "ms", goal: null, met: null, note },
      { benchmark: "scenarios-page", name: "scenarios page p95, 1,000 messages", value: round(small.wallP95), unit: "ms", goal: null, met: null, note },
      { benchmark: "scenarios-page", name: "scenarios loader p95 (Server-Timing), 1,000,000 messages", value: round(large.loaderP95), unit: "ms", goal: null, met: null, note: "auth, shop, settings and summaries; no rendering" },
      { benchmark: "scenarios-page", name: "p95 ratio 1,000,000 ÷ 1,000 messages", value: round(large.wallP95 / small.wallP95), unit: "×", goal: null, met: null, note: "how the page scales with the message log" },
    ];
    return figures;
  },
};

export default bench;
