// The built server for the HTTP benchmarks: demo mode, dispatcher off, the bare HMAC route switched on.
import path from "node:path";
import { ensureBuilt, startServer, type RunningServer } from "../../lib/server-process";
import type { BenchDatabase } from "./databases";

export async function startBenchServer(db: BenchDatabase, log: (line: string) => void, env: Record<string, string> = {}): Promise<RunningServer> {
  ensureBuilt(log);
  return startServer(
    {
      CRM_BENCH: "1",
      CRM_DEMO: "1",
      CRM_DISPATCH: "off",
      NODE_ENV: "test",
      DATABASE_URL: db.url,
      CRM_OUTBOX_DIR: path.join(db.dir, "outbox"),
      ...env,
    },
    { timeoutMs: 120_000 },
  );
}
