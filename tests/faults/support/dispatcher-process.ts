// Starts tests/faults/support/dispatcher-child.ts as a separate process against a database and an SMTP server.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export type DispatcherProcess = { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> };

export function spawnDispatcher(env: { databaseUrl: string; smtpUrl: string; now: Date; worker: string; leaseMs?: number }): DispatcherProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/faults/support/dispatcher-child.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: env.databaseUrl, SMTP_URL: env.smtpUrl, FAULT_NOW: env.now.toISOString(), FAULT_WORKER: env.worker, FAULT_LEASE_MS: String(env.leaseMs ?? 60_000) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, output })),
  );
  return { child, exited };
}
