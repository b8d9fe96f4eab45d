// `npm run bench [name…]`: runs the benchmarks in scripts/bench/, prints this run's figures and merges
// them into docs/benchmarks/latest.json (each figure with the run and machine that measured it).
// `npm run bench -- --table` runs nothing and prints the README's table from that file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { mergeResults, parseResults, readmeTable, type Machine, type Results } from "./bench/lib/results";
import type { Benchmark, BenchFigure } from "./bench/types";
import { ROOT } from "./lib/server-process";

const LATEST = path.join(ROOT, "docs/benchmarks/latest.json");

const REGISTRY: Record<string, () => Promise<{ default: Benchmark }>> = {
  "scenarios-page": () => import("./bench/scenarios-page"),
  storefront: () => import("./bench/storefront"),
  intake: () => import("./bench/intake"),
  dispatch: () => import("./bench/dispatch"),
  "dispatch-volume": () => import("./bench/dispatch-volume"),
  sustained: () => import("./bench/sustained"),
  audience: () => import("./bench/audience"),
  recommendations: () => import("./bench/recommendations"),
};

function machine(): Machine {
  const cpus = os.cpus();
  return { node: process.version, platform: `${os.type()} ${os.release()}`, cpus: cpus.length, cpuModel: cpus[0]?.model ?? "unknown", memoryGiB: Math.round(os.totalmem() / 2 ** 30) };
}

function table(figures: BenchFigure[]): string {
  const rows = figures.map((f) => [f.benchmark, f.name, `${f.value} ${f.unit}`, f.goal ?? "—", f.met === null ? "—" : f.met ? "met" : "NOT MET", f.note ?? ""]);
  const head = ["benchmark", "figure", "value", "goal", "", "note"];
  return [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

function readLatest(): Results | null {
  return fs.existsSync(LATEST) ? parseResults(fs.readFileSync(LATEST, "utf8")) : null;
}

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== "--");
  if (args.includes("--table")) {
    const latest = readLatest();
    if (!latest) {
      console.error(`no ${path.relative(ROOT, LATEST)} yet: run \`npm run bench\` first`);
      process.exit(2);
    }
    console.log(readmeTable(latest));
    return;
  }
  const wanted = args;
  const unknown = wanted.filter((w) => !REGISTRY[w]);
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${Object.keys(REGISTRY).join(", ") || "none"}; or --table`);
    process.exit(2);
  }
  // Read first: a file that cannot be merged into should stop the run before it spends minutes.
  const previous = readLatest();
  const names = wanted.length ? wanted : Object.keys(REGISTRY);
  const ranAt = new Date().toISOString();
  const figures: BenchFigure[] = [];
  for (const name of names) {
    const bench = (await REGISTRY[name]()).default;
    console.log(`== ${bench.name}: ${bench.description}`);
    const started = Date.now();
    figures.push(...(await bench.run({ log: (line) => console.log(`   ${line}`) })));
    console.log(`   done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const merged = mergeResults(previous, { ranAt, machine: machine(), figures }, Object.keys(REGISTRY));
  fs.mkdirSync(path.dirname(LATEST), { recursive: true });
  fs.writeFileSync(LATEST, JSON.stringify(merged, null, 2) + "\n");
  console.log(`\n${table(figures)}\n\nmachine: ${JSON.stringify(machine())}\nmerged into ${path.relative(ROOT, LATEST)} (other benchmarks' figures kept)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
