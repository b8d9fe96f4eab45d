// `npm run bench [name…]`: runs the benchmarks in scripts/bench/, prints one table and writes it as JSON
// to docs/benchmarks/latest.json together with the machine it ran on.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Benchmark, BenchFigure } from "./bench/types";
import { ROOT } from "./lib/server-process";

const REGISTRY: Record<string, () => Promise<{ default: Benchmark }>> = {
  "scenarios-page": () => import("./bench/scenarios-page"),
  storefront: () => import("./bench/storefront"),
  intake: () => import("./bench/intake"),
  dispatch: () => import("./bench/dispatch"),
  "dispatch-volume": () => import("./bench/dispatch-volume"),
  sustained: () => import("./bench/sustained"),
};

function machine() {
  const cpus = os.cpus();
  return { node: process.version, platform: `${os.type()} ${os.release()}`, cpus: cpus.length, cpuModel: cpus[0]?.model ?? "unknown", memoryGiB: Math.round(os.totalmem() / 2 ** 30) };
}

function table(figures: BenchFigure[]): string {
  const rows = figures.map((f) => [f.benchmark, f.name, `${f.value} ${f.unit}`, f.goal ?? "—", f.met === null ? "—" : f.met ? "met" : "NOT MET", f.note ?? ""]);
  const head = ["benchmark", "figure", "value", "goal", "", "note"];
  return [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !REGISTRY[w]);
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${Object.keys(REGISTRY).join(", ") || "none"}`);
    process.exit(2);
  }
  const names = wanted.length ? wanted : Object.keys(REGISTRY);
  const figures: BenchFigure[] = [];
  for (const name of names) {
    const bench = (await REGISTRY[name]()).default;
    console.log(`== ${bench.name}: ${bench.description}`);
    const started = Date.now();
    figures.push(...(await bench.run({ log: (line) => console.log(`   ${line}`) })));
    console.log(`   done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const out = path.join(ROOT, "docs/benchmarks/latest.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ ranAt: new Date().toISOString(), machine: machine(), figures }, null, 2) + "\n");
  console.log(`\n${table(figures)}\n\nmachine: ${JSON.stringify(machine())}\nwritten to ${path.relative(ROOT, out)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
