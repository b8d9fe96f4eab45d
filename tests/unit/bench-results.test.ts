import { describe, expect, it } from "vitest";
import { mergeResults, parseResults, readmeTable, type Machine, type Results } from "../../scripts/bench/lib/results";
import type { BenchFigure } from "../../scripts/bench/types";

const ORDER = ["scenarios-page", "intake", "dispatch-volume"];
const OLD_BOX: Machine = { node: "v20.19.0", platform: "Linux", cpus: 2, cpuModel: "AMD EPYC", memoryGiB: 24 };
const NEW_BOX: Machine = { ...OLD_BOX, node: "v20.20.2" };

const figure = (benchmark: string, name: string, value: number, extra: Partial<BenchFigure> = {}): BenchFigure => ({
  benchmark,
  name,
  value,
  unit: "×",
  goal: "≤ 1.1×",
  met: value <= 1.1,
  ...extra,
});
const skipped = (benchmark: string, name: string) => figure(benchmark, name, 0, { met: null, note: "skipped: PostgreSQL unreachable at 127.0.0.1:5432" });

const earlier: Results = mergeResults(
  null,
  {
    ranAt: "2026-11-20T10:00:00.000Z",
    machine: OLD_BOX,
    figures: [
      figure("scenarios-page", "scenarios page p95, 1,000,000 messages", 66, { unit: "ms", goal: "≤ 100 ms", met: true }),
      figure("intake", "server peak RSS during intake (sqlite)", 414, { unit: "MB", goal: "≤ 300 MB", met: false }),
      figure("intake", "server peak RSS during intake (postgres)", 498, { unit: "MB", goal: "≤ 300 MB", met: false }),
      figure("dispatch-volume", "dispatcher pass, 1,000,000 vs 1,000 future messages (sqlite)", 89),
      figure("dispatch-volume", "dispatcher pass, 1,000,000 vs 1,000 future messages (postgres)", 92),
    ],
  },
  ORDER,
);

describe("benchmark results file", () => {
  it("keeps the figures of benchmarks that did not run, with the run that measured them", () => {
    const merged = mergeResults(
      earlier,
      { ranAt: "2026-11-24T09:00:00.000Z", machine: NEW_BOX, figures: [figure("dispatch-volume", "dispatcher pass, 1,000,000 vs 1,000 future messages (sqlite)", 0.98), figure("dispatch-volume", "dispatcher pass, 1,000,000 vs 1,000 future messages (postgres)", 1.02)] },
      ORDER,
    );
    expect(merged.figures.map((f) => [f.benchmark, f.value, f.ranAt, f.machine.node])).toEqual([
      ["scenarios-page", 66, "2026-11-20T10:00:00.000Z", "v20.19.0"],
      ["intake", 414, "2026-11-20T10:00:00.000Z", "v20.19.0"],
      ["intake", 498, "2026-11-20T10:00:00.000Z", "v20.19.0"],
      ["dispatch-volume", 0.98, "2026-11-24T09:00:00.000Z", "v20.20.2"],
      ["dispatch-volume", 1.02, "2026-11-24T09:00:00.000Z", "v20.20.2"],
    ]);
    expect(merged.updatedAt).toBe("2026-11-24T09:00:00.000Z");
  });

  it("drops a benchmark's figures that its new run no longer produces", () => {
    const quick = figure("dispatch-volume", "dispatcher pass, 100,000 vs 1,000 future messages (sqlite)", 1.01);
    const merged = mergeResults(earlier, { ranAt: "2026-11-24T09:00:00.000Z", machine: NEW_BOX, figures: [quick] }, ORDER);
    expect(merged.figures.filter((f) => f.benchmark === "dispatch-volume").map((f) => f.name)).toEqual([quick.name]);
  });

  it("keeps an earlier measurement when the new run could not measure it", () => {
    const merged = mergeResults(
      earlier,
      { ranAt: "2026-11-24T09:00:00.000Z", machine: NEW_BOX, figures: [figure("intake", "server peak RSS during intake (sqlite)", 280, { unit: "MB", goal: "≤ 300 MB", met: true }), skipped("intake", "server peak RSS during intake (postgres)")] },
      ORDER,
    );
    const intake = merged.figures.filter((f) => f.benchmark === "intake");
    expect(intake.map((f) => [f.value, f.ranAt])).toEqual([
      [280, "2026-11-24T09:00:00.000Z"],
      [498, "2026-11-20T10:00:00.000Z"],
    ]);
  });

  it("reads a file written before figures carried their own run", () => {
    const old = JSON.stringify({ ranAt: "2026-11-23T13:15:14.775Z", machine: OLD_BOX, figures: [figure("intake", "intake p99 latency (sqlite)", 383, { unit: "ms" })] });
    const [f] = parseResults(old).figures;
    expect(f.ranAt).toBe("2026-11-23T13:15:14.775Z");
    expect(f.machine).toEqual(OLD_BOX);
  });

  it("prints the README table: databases side by side, goals marked, runs named", () => {
    const merged = mergeResults(earlier, { ranAt: "2026-11-24T09:00:00.000Z", machine: NEW_BOX, figures: [figure("dispatch-volume", "dispatcher pass, 1,000,000 vs 1,000 future messages (sqlite)", 0.98), skipped("dispatch-volume", "dispatcher pass, 1,000,000 vs 1,000 future messages (postgres)")] }, ORDER);
    // The skipped PostgreSQL figure kept the earlier measurement.
    expect(readmeTable(merged).split("\n")).toEqual([
      "Measured on 2 cores (AMD EPYC), 24 GiB, Node 20.19.0: 2026-11-20 (`scenarios-page`, `intake`, `dispatch-volume`) — and on 2 cores (AMD EPYC), 24 GiB, Node 20.20.2: 2026-11-24 (`dispatch-volume`).",
      "",
      "| benchmark | figure | SQLite | PostgreSQL | goal |",
      "|---|---|---|---|---|",
      "| `scenarios-page` | scenarios page p95, 1,000,000 messages | 66 ms | — | ≤ 100 ms ✔ |",
      "| `intake` | server peak RSS during intake | 414 MB | 498 MB | ≤ 300 MB ✘ |",
      "| `dispatch-volume` | dispatcher pass, 1,000,000 vs 1,000 future messages | 0.98× | 92× | ≤ 1.1× ✘ |",
    ]);
  });
});
