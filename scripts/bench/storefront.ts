// What the exit-intent embed costs a storefront: the bytes every page downloads (the loader), the
// bytes only an exit pays for (the modal), and the Lighthouse performance score of the demo product
// page with and without the embed, measured alternately in one Chromium so both see the same machine.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../tests/support/browser";
import { ensureBuilt, ROOT, startServer } from "../lib/server-process";
import type { Benchmark, BenchFigure } from "./types";

const ASSETS = path.join(ROOT, "extensions/exit-intent/assets");
const LOADER_GOAL = 3072;
const DROP_GOAL = 1;

const gzipBytes = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(ASSETS, file)), { level: 9 }).length;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const benchmark: Benchmark = {
  name: "storefront",
  description: "exit-intent loader size and Lighthouse performance of the demo product page with vs without the embed",
  async run({ log }) {
    const runs = Math.max(1, Number(process.env.BENCH_LH_RUNS ?? 5));
    const loader = gzipBytes("exit-intent-loader.js");
    const modal = gzipBytes("exit-intent-modal.js") + gzipBytes("exit-intent-modal.css");
    log(`loader ${loader} B gzipped, modal (js + css) ${modal} B gzipped`);

    ensureBuilt(log);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-bench-storefront-"));
    const server = await startServer({
      CRM_DEMO: "1",
      CRM_JOBS: "off",
      NODE_ENV: "test",
      DATABASE_URL: `file:${path.join(dir, "app.db")}`,
      CRM_OUTBOX_DIR: path.join(dir, "outbox"),
    });
    const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: [...CHROMIUM_ARGS, "--headless=new"], logLevel: "silent" });
    const scores = { with: [] as number[], without: [] as number[] };
    try {
      const pages = [
        { key: "with" as const, url: `${server.url}/demo/storefront` },
        { key: "without" as const, url: `${server.url}/demo/storefront?embed=0` },
      ];
      for (let i = 0; i < runs; i++) {
        // Alternate which goes first so warm-up and drift do not favour one side.
        for (const page of i % 2 ? [...pages].reverse() : pages) {
          const result = await lighthouse(page.url, { port: chrome.port, onlyCategories: ["performance"], output: "json", logLevel: "error" });
          const lhr = result?.lhr;
          if (!lhr || lhr.runtimeError) throw new Error(`lighthouse failed on ${page.url}: ${lhr?.runtimeError?.message ?? "no result"}`);
          const score = Math.round((lhr.categories.performance.score ?? 0) * 100);
          scores[page.key].push(score);
          const metric = (id: string) => lhr.audits[id]?.displayValue ?? "?";
          log(`run ${i + 1}/${runs} ${page.key === "with" ? "with embed   " : "without embed"} score ${score}  FCP ${metric("first-contentful-paint")}  LCP ${metric("largest-contentful-paint")}  TBT ${metric("total-blocking-time")}  CLS ${metric("cumulative-layout-shift")}`);
        }
      }
    } finally {
      await chrome.kill();
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const withEmbed = median(scores.with);
    const without = median(scores.without);
    const drop = without - withEmbed;
    const lhNote = `Lighthouse 12.8 mobile preset, Debian chromium headless, median of ${runs} alternating runs`;
    const figures: BenchFigure[] = [
      { benchmark: "storefront", name: "exit-intent loader, gzipped", value: loader, unit: "B", goal: `≤ ${LOADER_GOAL} B`, met: loader <= LOADER_GOAL, note: "downloaded on every storefront page (deferred)" },
      { benchmark: "storefront", name: "exit-intent modal js + css, gzipped", value: modal, unit: "B", goal: null, met: null, note: "downloaded only after an exit signal with an offer" },
      { benchmark: "storefront", name: "Lighthouse performance, product page with embed", value: withEmbed, unit: "points", goal: null, met: null, note: `${lhNote}: ${scores.with.join(", ")}` },
      { benchmark: "storefront", name: "Lighthouse performance, product page without embed", value: without, unit: "points", goal: null, met: null, note: `${lhNote}: ${scores.without.join(", ")}` },
      { benchmark: "storefront", name: "Lighthouse score drop from the embed", value: drop, unit: "points", goal: `≤ ${DROP_GOAL} point`, met: drop <= DROP_GOAL, note: "median without − median with" },
    ];
    return figures;
  },
};

export default benchmark;
