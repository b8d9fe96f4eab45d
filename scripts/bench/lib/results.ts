// docs/benchmarks/latest.json holds the latest figure of every benchmark, each with the run that
// measured it: running a few benchmarks replaces only theirs, so the file never loses the others.
import type { BenchFigure } from "../types";

export type Machine = { node: string; platform: string; cpus: number; cpuModel: string; memoryGiB: number };

/** A figure as stored: when and on what it was measured. */
export type StoredFigure = BenchFigure & { ranAt: string; machine: Machine };

export type Results = { updatedAt: string; figures: StoredFigure[] };

/**
 * Reads the file's JSON. Files written before figures carried their own run have one `ranAt` and
 * `machine` for the whole file: every figure gets those.
 */
export function parseResults(json: string): Results {
  const raw = JSON.parse(json) as { ranAt?: string; updatedAt?: string; machine?: Machine; figures?: (BenchFigure & Partial<StoredFigure>)[] };
  const figures = (raw.figures ?? []).map((f) => {
    const ranAt = f.ranAt ?? raw.ranAt;
    const machine = f.machine ?? raw.machine;
    if (!ranAt || !machine) throw new Error(`benchmark figure "${f.name}" has no run (ranAt, machine)`);
    return { ...f, ranAt, machine };
  });
  return { updatedAt: raw.updatedAt ?? raw.ranAt ?? "", figures };
}

/** A row standing in for a measurement that could not run (PostgreSQL unreachable). */
export const isSkipped = (f: BenchFigure) => f.met === null && (f.note?.startsWith("skipped") ?? false);

/**
 * The benchmarks of this run replace all of their earlier figures (a figure a benchmark no longer
 * produces goes too); the others are kept as they were. A figure this run skipped keeps the earlier
 * measurement of the same name, if there is one: nothing was measured to replace it. Benchmarks are
 * listed in `order`, then any no longer known, so the file reads the same whichever subset ran.
 */
export function mergeResults(previous: Results | null, run: { ranAt: string; machine: Machine; figures: BenchFigure[] }, order: string[]): Results {
  const earlier = previous?.figures ?? [];
  const ran = new Set(run.figures.map((f) => f.benchmark));
  const kept = earlier.filter((f) => !ran.has(f.benchmark));
  const fresh = run.figures.map((f): StoredFigure => {
    const measured = isSkipped(f) ? earlier.find((e) => e.benchmark === f.benchmark && e.name === f.name && !isSkipped(e)) : undefined;
    return measured ?? { ...f, ranAt: run.ranAt, machine: run.machine };
  });
  const rank = (benchmark: string) => {
    const i = order.indexOf(benchmark);
    return i === -1 ? order.length : i;
  };
  // Array.prototype.sort is stable: figures of one benchmark keep the order it produced them in.
  const figures = [...kept, ...fresh].sort((a, b) => rank(a.benchmark) - rank(b.benchmark));
  return { updatedAt: run.ranAt, figures };
}

const DB_SUFFIX = / \((sqlite|postgres)\)$/;

function formatValue(f: BenchFigure): string {
  if (isSkipped(f)) return "skipped";
  const value = f.value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  return f.unit === "×" ? `${value}×` : `${value} ${f.unit}`;
}

function machineSummary(m: Machine): string {
  return `${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node.replace(/^v/, "")}`;
}

/**
 * The README's benchmark table: one row per figure with a goal, SQLite and PostgreSQL side by side
 * (figures measured without a database are in the SQLite column, as the embedded default), the goal
 * marked ✔ when every measured database met it. The line above says what measured which benchmark.
 */
export function readmeTable(results: Results): string {
  type Row = { benchmark: string; figure: string; sqlite?: StoredFigure; postgres?: StoredFigure; goal: string };
  const rows: Row[] = [];
  for (const f of results.figures) {
    if (f.goal === null) continue;
    const figure = f.name.replace(DB_SUFFIX, "");
    const kind = DB_SUFFIX.exec(f.name)?.[1] === "postgres" ? "postgres" : "sqlite";
    let row = rows.find((r) => r.benchmark === f.benchmark && r.figure === figure);
    if (!row) rows.push((row = { benchmark: f.benchmark, figure, goal: f.goal }));
    row[kind] = f;
  }
  const mark = (r: Row) => {
    const measured = [r.sqlite, r.postgres].filter((f): f is StoredFigure => f !== undefined && f.met !== null);
    if (measured.length === 0) return r.goal;
    return `${r.goal} ${measured.every((f) => f.met) ? "✔" : "✘"}`;
  };
  const cell = (f: StoredFigure | undefined) => (f ? formatValue(f) : "—");
  const lines = [
    "| benchmark | figure | SQLite | PostgreSQL | goal |",
    "|---|---|---|---|---|",
    ...rows.map((r) => `| \`${r.benchmark}\` | ${r.figure} | ${cell(r.sqlite)} | ${cell(r.postgres)} | ${mark(r)} |`),
  ];
  return `${runsLine(results.figures)}\n\n${lines.join("\n")}`;
}

/** "Measured on <machine>: 2026-11-23 (intake, dispatch); 2026-11-24 (dispatch-volume)". */
function runsLine(figures: StoredFigure[]): string {
  const byMachine = new Map<string, Map<string, string[]>>();
  for (const f of figures) {
    const machine = machineSummary(f.machine);
    const day = f.ranAt.slice(0, 10);
    const days = byMachine.get(machine) ?? new Map<string, string[]>();
    byMachine.set(machine, days);
    const benchmarks = days.get(day) ?? [];
    if (!benchmarks.includes(f.benchmark)) benchmarks.push(f.benchmark);
    days.set(day, benchmarks);
  }
  const parts = [...byMachine].map(([machine, days]) => {
    const dated = [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, benchmarks]) => `${day} (${benchmarks.map((b) => `\`${b}\``).join(", ")})`);
    return `${machine}: ${dated.join("; ")}`;
  });
  return parts.length ? `Measured on ${parts.join(" — and on ")}.` : "No figures yet.";
}
