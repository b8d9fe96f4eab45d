// `npm test`: the whole suite on SQLite, then on PostgreSQL, then one combined line
// "tests: N passed, N failed, N skipped". CRM_TEST_DB=sqlite|postgres runs only that database.
// Without a reachable PostgreSQL the second run is skipped and says why, except under CI=true, where
// that is a failure: CI must prove both databases.
import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";

const ROOT = path.resolve(import.meta.dirname, "..");
const PG_URL = process.env.CRM_TEST_PG_URL || "postgresql://postgres@127.0.0.1:5432/test";
const ci = process.env.CI === "true" || process.env.CI === "1";
const args = process.argv.slice(2);

type Counts = { passed: number; failed: number; skipped: number };
type Run = { kind: "sqlite" | "postgres"; code: number; counts: Counts | null; failures: string[] };

function vitest(kind: "sqlite" | "postgres"): Promise<Run> {
  console.log(`\n== test suite on ${kind === "sqlite" ? "SQLite" : `PostgreSQL (${PG_URL})`}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", ...args], {
      cwd: ROOT,
      env: { ...process.env, CRM_TEST_DB: kind },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let tail = "";
    let pending = "";
    const failures: string[] = [];
    child.stdout!.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
      const lines = (pending + chunk.toString()).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (/^failed( before its tests ran)?: /.test(line)) failures.push(line);
    });
    child.on("exit", (code, signal) => {
      const matches = [...tail.matchAll(/tests: (\d+) passed, (\d+) failed, (\d+) skipped/g)];
      const last = matches.at(-1);
      const counts = last ? { passed: Number(last[1]), failed: Number(last[2]), skipped: Number(last[3]) } : null;
      resolve({ kind, code: code ?? (signal ? 1 : 0), counts, failures });
    });
  });
}

async function postgresUnreachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (e) {
    return `${PG_URL} is not reachable (${e instanceof Error ? e.message || e.name : String(e)})`;
  } finally {
    await client.end().catch(() => {});
  }
}

async function main(): Promise<number> {
  const only = process.env.CRM_TEST_DB;
  const runs: Run[] = [];
  let pgMissing: string | null = null;
  if (only !== "postgres") runs.push(await vitest("sqlite"));
  if (only !== "sqlite") {
    pgMissing = await postgresUnreachable();
    if (pgMissing) console.log(`\nPostgreSQL run ${ci ? "FAILED" : "skipped"}: ${pgMissing}`);
    else runs.push(await vitest("postgres"));
  }

  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const run of runs) for (const line of run.failures) console.log(`${run.kind} ${line}`);
  for (const run of runs) {
    const c = run.counts;
    console.log(`${run.kind}: ${c ? `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped` : "no summary (the run crashed)"}${run.code ? ` (exit ${run.code})` : ""}`);
    if (c) {
      total.passed += c.passed;
      total.failed += c.failed;
      total.skipped += c.skipped;
    }
  }
  if (pgMissing) console.log(`postgres: ${ci ? "unreachable, which CI does not allow" : "skipped"}`);
  console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  const failed = runs.some((r) => r.code !== 0 || !r.counts) || (pgMissing !== null && ci);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
