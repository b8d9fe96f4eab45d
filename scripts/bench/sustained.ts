// 1,000 webhooks/s for 60 s at the real webhook routes, then every answered delivery is looked for in
// WebhookDelivery: Shopify does not resend what we answered 2xx, so a missing row is a lost event.
// The server answers once a delivery is stored and leaves applying it to jobs instances
// (CRM_WEBHOOK_APPLY=background); the intake benchmark measures that apply rate.
import { randomBytes } from "node:crypto";
import { createDb } from "../../app/db.server";
import { onEachDatabase, quick, round, skippedFigure, withDatabase, type DbKind } from "./lib/databases";
import { startBenchServer } from "./lib/bench-server";
import { runWebhookLoad, signedPool } from "./lib/webhook-load";
import type { Benchmark, BenchFigure } from "./types";

const B = "sustained";
const RATE = 1000;
const CONNECTIONS = 100;
const SETTLE_MS = 60_000;

const duration = () => (quick() ? 10 : 60);
const names = (kind: DbKind) => ({
  errors: `errors at ${RATE} webhooks/s for ${duration()} s (${kind})`,
  lost: `lost deliveries at ${RATE} webhooks/s (${kind})`,
  rate: `achieved webhook rate (${kind})`,
});

async function measure(kind: DbKind, log: (line: string) => void): Promise<BenchFigure[]> {
  return withDatabase(kind, { migrated: false }, async (bdb) => {
    const server = await startBenchServer(bdb, log, { CRM_WEBHOOK_APPLY: "background" });
    const db = createDb(bdb.url);
    try {
      const prefix = `sus-${randomBytes(3).toString("hex")}`;
      log(`  ${RATE} webhooks/s for ${duration()} s over ${CONNECTIONS} connections…`);
      const load = await runWebhookLoad({ url: server.url, pool: signedPool(8000, new Date()), connections: CONNECTIONS, durationS: duration(), overallRate: RATE, idPrefix: prefix });
      log(`    sent ${load.sent}, 2xx ${load.ok}, non-2xx ${load.non2xx}, errors ${load.errors} (timeouts ${load.timeouts}), p99 ${load.p99Ms} ms`);
      // Requests the client gave up on may still be in the server's hands: wait until the count settles.
      const stored = async () => db.webhookDelivery.count({ where: { webhookId: { startsWith: `${prefix}-` } } });
      let rows = await stored();
      const deadline = Date.now() + SETTLE_MS;
      for (let stableFor = 0; stableFor < 3 && Date.now() < deadline; ) {
        await new Promise((r) => setTimeout(r, 1000));
        const now = await stored();
        stableFor = now === rows ? stableFor + 1 : 0;
        rows = now;
      }
      log(`    stored ${rows} deliveries`);
      const errors = load.non2xx + load.errors;
      const lost = Math.max(0, load.ok - rows);
      const achieved = load.ok / duration();
      const n = names(kind);
      // Zero errors at a rate the server could not be offered proves nothing about that rate.
      const offered = achieved >= RATE * 0.98;
      const shortfall = offered ? "" : `; NOT at the target rate: only ${round(achieved, 0)} req/s answered, the server's intake capacity`;
      return [
        { benchmark: B, name: n.errors, value: errors, unit: "requests", goal: "0", met: errors === 0 && offered, note: `${load.non2xx} non-2xx, ${load.errors} connection errors incl. ${load.timeouts} timeouts (10 s); p99 ${load.p99Ms} ms${shortfall}` },
        { benchmark: B, name: n.lost, value: lost, unit: "deliveries", goal: "0", met: lost === 0 && offered, note: `${load.ok} answered 2xx, ${rows} stored in WebhookDelivery (more stored than answered: requests still in flight when the run ended, or timed out)${shortfall}` },
        { benchmark: B, name: n.rate, value: round(achieved, 0), unit: "req/s", goal: `${RATE} req/s`, met: offered, note: `2xx answers / ${duration()} s; autocannon overallRate ${RATE}, ${CONNECTIONS} connections; answered once stored (CRM_WEBHOOK_APPLY=background)` },
      ];
    } finally {
      await db.$disconnect();
      await server.stop();
    }
  });
}

const benchmark: Benchmark = {
  name: B,
  description: `${RATE} webhooks/s for 60 s (10 s with BENCH_QUICK=1): errors and lost deliveries`,
  run: ({ log }) =>
    onEachDatabase(
      log,
      (kind) => measure(kind, log),
      (kind, reason) => {
        const n = names(kind);
        return [skippedFigure(B, n.errors, "requests", "0", reason), skippedFigure(B, n.lost, "deliveries", "0", reason), skippedFigure(B, n.rate, "req/s", `${RATE} req/s`, reason)];
      },
    ),
};

export default benchmark;
