// The databases every benchmark runs on: a SQLite file, and PostgreSQL when it answers on
// 127.0.0.1:5432 (its own schema, dropped afterwards). An unreachable PostgreSQL becomes a
// "skipped" figure with the reason, never a failed run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createEmptyDatabase, testPgUrl, type EmptyDatabase } from "../../../tests/support/db";
import type { BenchFigure } from "../types";

export type DbKind = "sqlite" | "postgres";
export const DB_KINDS: DbKind[] = ["sqlite", "postgres"];

export type BenchDatabase = EmptyDatabase & { dir: string };

/** Why PostgreSQL cannot be used, or null when it answers. */
export async function postgresUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: testPgUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return `PostgreSQL unreachable at ${new URL(testPgUrl()).host}: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs `fn` with a fresh database of `kind` and a scratch folder, both removed afterwards. */
export async function withDatabase<T>(kind: DbKind, opts: { migrated: boolean }, fn: (db: BenchDatabase) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `crm-bench-${kind}-`));
  try {
    const empty = await createEmptyDatabase(dir, { migrated: opts.migrated, kind });
    try {
      return await fn({ ...empty, dir });
    } finally {
      await empty.drop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs one measurement per database kind. A kind that cannot run yields `skipped(kind, reason)`
 * figures so the table still shows the row.
 */
export async function onEachDatabase(
  log: (line: string) => void,
  measure: (kind: DbKind) => Promise<BenchFigure[]>,
  skipped: (kind: DbKind, reason: string) => BenchFigure[],
): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const kind of DB_KINDS) {
    if (kind === "postgres") {
      const reason = await postgresUnavailable();
      if (reason) {
        log(`postgres: skipped (${reason})`);
        figures.push(...skipped(kind, reason));
        continue;
      }
    }
    log(`${kind}:`);
    figures.push(...(await measure(kind)));
  }
  return figures;
}

export const skippedFigure = (benchmark: string, name: string, unit: string, goal: string | null, reason: string): BenchFigure => ({
  benchmark,
  name,
  value: 0,
  unit,
  goal,
  met: null,
  note: `skipped: ${reason}`,
});

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Peak resident set of a process so far (VmHWM), in MB; null off Linux or once it exited. */
export function peakRssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export const quick = () => process.env.BENCH_QUICK === "1";
