// A dispatcher in its own process, as a second app instance would run it: one pass over everything
// due at FAULT_NOW against DATABASE_URL and SMTP_URL, printing a line per batch of outcomes.
//   node --import tsx tests/faults/support/dispatcher-child.ts
import { createDb } from "~/db.server";
import { parseEnv } from "~/env.server";
import { createRuntime } from "~/.server/runtime";
import { movingClock } from "~/.server/queue/clock";
import { dispatchDue } from "~/.server/dispatch/pass";

async function main() {
  const url = process.env.DATABASE_URL;
  const now = new Date(process.env.FAULT_NOW ?? "");
  if (!url || Number.isNaN(now.getTime())) throw new Error("DATABASE_URL and FAULT_NOW (ISO-8601) are required");
  const config = parseEnv({ CRM_DEMO: "1", NODE_ENV: "test", SMTP_URL: process.env.SMTP_URL, CRM_OUTBOX_DIR: process.env.CRM_OUTBOX_DIR ?? ".data/fault-outbox" });
  const db = createDb(url);
  const runtime = await createRuntime(config, db);
  const { deps } = runtime;
  deps.identity.workerId = process.env.FAULT_WORKER ?? deps.identity.workerId;
  deps.tuning = { leaseMs: Number(process.env.FAULT_LEASE_MS ?? 60_000) };
  // Leases age from FAULT_NOW as real time passes: each replayed process starts past the last one's.
  deps.services.clock = movingClock(now);
  let sent = 0;
  deps.services.log = (line) => {
    if (line.startsWith("dispatch sent") && ++sent % 100 === 0) console.log(`sent ${sent}`);
  };
  const report = await dispatchDue(deps, now);
  const count = (status: string) => report.outcomes.filter((o) => o.status === status).length;
  console.log(`done sent=${count("sent")} deferred=${count("deferred")} skipped=${count("skipped")} failed=${count("failed")} reclaimed=${report.reclaimed}`);
  runtime.close();
  await db.$disconnect();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
