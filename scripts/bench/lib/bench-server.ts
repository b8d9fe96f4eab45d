// The built server for the HTTP benchmarks: demo mode, dispatcher off, the bare HMAC route switched on,
// with the heap flags `npm start` gives production.
import fs from "node:fs";
import path from "node:path";
import { ROOT, ensureBuilt, startServer, type RunningServer } from "../../lib/server-process";
import type { BenchDatabase } from "./databases";

/** The `--max-…` heap flags of package.json's start script, so memory is measured as production runs. */
function startHeapFlags(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  return pkg.scripts.start
    .split(/\s+/)
    .filter((arg) => /^--max-[a-z-]+=\d+$/.test(arg))
    .join(" ");
}

export async function startBenchServer(db: BenchDatabase, log: (line: string) => void, env: Record<string, string> = {}): Promise<RunningServer> {
  ensureBuilt(log);
  return startServer(
    {
      CRM_BENCH: "1",
      CRM_DEMO: "1",
      CRM_JOBS: "off",
      NODE_ENV: "test",
      NODE_OPTIONS: [process.env.NODE_OPTIONS, startHeapFlags()].filter(Boolean).join(" "),
      DATABASE_URL: db.url,
      CRM_OUTBOX_DIR: path.join(db.dir, "outbox"),
      ...env,
    },
    { timeoutMs: 120_000 },
  );
}
