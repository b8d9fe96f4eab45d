// Webhook intake (verify + store + map, in one transaction) against a route in the same server that
// only verifies the HMAC: same connections, same signed bodies, back to back after a warm-up.
import { randomBytes } from "node:crypto";
import { onEachDatabase, peakRssMb, quick, round, skippedFigure, withDatabase, type DbKind } from "./lib/databases";
import { startBenchServer } from "./lib/bench-server";
import { BARE_PATH, runWebhookLoad, signedPool } from "./lib/webhook-load";
import type { Benchmark, BenchFigure } from "./types";

const B = "intake";
const CONNECTIONS = 10;
const RATIO_GOAL = 0.8;
const P99_GOAL_MS = 50;
const RSS_GOAL_MB = 300;

const names = (kind: DbKind) => ({
  ratio: `intake throughput vs bare HMAC route (${kind})`,
  p99: `intake p99 latency (${kind})`,
  non2xx: `intake non-2xx answers (${kind})`,
  rss: `server peak RSS during intake (${kind})`,
});

async function measure(kind: DbKind, log: (line: string) => void): Promise<BenchFigure[]> {
  const seconds = quick() ? 5 : 10;
  const warmup = quick() ? 2 : 3;
  return withDatabase(kind, { migrated: false }, async (db) => {
    const server = await startBenchServer(db, log);
    try {
      const pool = signedPool(4000, new Date());
      const run = (label: string, path: string | undefined, durationS: number) =>
        runWebhookLoad({ url: server.url, pool, path, connections: CONNECTIONS, durationS, idPrefix: `${label}-${randomBytes(3).toString("hex")}` });
      log(`  warm-up ${warmup} s each…`);
      await run("warm-bare", BARE_PATH, warmup);
      await run("warm-intake", undefined, warmup);
      log(`  bare HMAC route, ${seconds} s, ${CONNECTIONS} connections…`);
      const bare = await run("bare", BARE_PATH, seconds);
      log(`    ${round(bare.reqPerS, 0)} req/s, p99 ${bare.p99Ms} ms, non-2xx ${bare.non2xx}, errors ${bare.errors}`);
      log(`  intake, ${seconds} s, ${CONNECTIONS} connections…`);
      const intake = await run("intake", undefined, seconds);
      log(`    ${round(intake.reqPerS, 0)} req/s, p99 ${intake.p99Ms} ms, non-2xx ${intake.non2xx}, errors ${intake.errors}`);
      const rss = peakRssMb(server.child.pid);
      const ratio = bare.reqPerS > 0 ? intake.reqPerS / bare.reqPerS : 0;
      const n = names(kind);
      const how = `autocannon ${CONNECTIONS} connections, ${seconds} s each after ${warmup} s warm-up, checkouts/create + orders/create alternating`;
      return [
        { benchmark: B, name: n.ratio, value: round(ratio), unit: "×", goal: `≥ ${RATIO_GOAL}×`, met: ratio >= RATIO_GOAL, note: `${round(intake.reqPerS, 0)} vs ${round(bare.reqPerS, 0)} req/s; ${how}` },
        { benchmark: B, name: n.p99, value: intake.p99Ms, unit: "ms", goal: `≤ ${P99_GOAL_MS} ms`, met: intake.p99Ms <= P99_GOAL_MS, note: `p50 ${intake.p50Ms} ms; bare route p99 ${bare.p99Ms} ms` },
        { benchmark: B, name: n.non2xx, value: intake.non2xx + intake.errors, unit: "answers", goal: "0", met: intake.non2xx + intake.errors === 0, note: `of ${intake.sent} requests (${intake.errors} connection errors, ${intake.timeouts} timeouts); bare route ${bare.non2xx + bare.errors}` },
        rss === null
          ? skippedFigure(B, n.rss, "MB", `≤ ${RSS_GOAL_MB} MB`, "/proc/<pid>/status not readable")
          : { benchmark: B, name: n.rss, value: round(rss, 0), unit: "MB", goal: `≤ ${RSS_GOAL_MB} MB`, met: rss <= RSS_GOAL_MB, note: "VmHWM of the server process over warm-up, bare and intake runs" },
      ];
    } finally {
      await server.stop();
    }
  });
}

const benchmark: Benchmark = {
  name: B,
  description: "webhook intake throughput, p99 and peak RSS against a bare HMAC-only route in the same server",
  run: ({ log }) =>
    onEachDatabase(
      log,
      (kind) => measure(kind, log),
      (kind, reason) => {
        const n = names(kind);
        return [
          skippedFigure(B, n.ratio, "×", `≥ ${RATIO_GOAL}×`, reason),
          skippedFigure(B, n.p99, "ms", `≤ ${P99_GOAL_MS} ms`, reason),
          skippedFigure(B, n.non2xx, "answers", "0", reason),
          skippedFigure(B, n.rss, "MB", `≤ ${RSS_GOAL_MB} MB`, reason),
        ];
      },
    ),
};

export default benchmark;
