// Debian's Chromium driven by playwright-core: no browser download, no network beyond loopback.
import fs from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags that keep Chromium off the (closed) network: every host but loopback fails to resolve. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
];

/**
 * Why the browser tests cannot run here, or null when they can. Under CI=true always null: there a
 * missing Chromium must fail the run, not shrink it.
 */
export function browserMissing(): string | null {
  const ci = process.env.CI === "true" || process.env.CI === "1";
  if (ci || fs.existsSync(CHROMIUM_PATH)) return null;
  return `Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A violation axe-core found, in the words a failing assertion should print. */
export type AxeFinding = { id: string; impact: string | null; help: string; targets: string[] };

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) in the page, limited to `selector` when given, and
 * returns the serious and critical violations.
 */
export async function seriousAxeViolations(page: import("playwright-core").Page, selector?: string): Promise<AxeFinding[]> {
  const source = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  await page.addScriptTag({ content: source });
  const found = await page.evaluate(async (context) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(context ?? document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(" ")) }));
  }, selector ?? null);
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** A page of the admin at 1280 × 900, loaded and hydrated. */
export async function openAdminPage(browser: import("playwright-core").Browser, url: string): Promise<import("playwright-core").Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url, { waitUntil: "networkidle" });
  await hydrated(page);
  return page;
}

/** Under load the page can be visible before React has hydrated it; clicks before that do nothing. */
export async function hydrated(page: import("playwright-core").Page): Promise<void> {
  await page.waitForFunction(() => (window as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized === true);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
}

type RouterState = { navigation: { state: string }; revalidation: string; fetchers: Map<string, { state: string }> };

/**
 * Waits until the page's router has nothing in flight: no navigation, no revalidation, no fetcher. A
 * save's "Saved" can show before the revalidated data lands, and the settings form re-mounts when it
 * does: an action taken in between (a file set on an input) goes to an element that is gone.
 */
export async function routerIdle(page: import("playwright-core").Page): Promise<void> {
  await page.waitForFunction(() => {
    const state = (window as { __remixRouter?: { state: RouterState } }).__remixRouter?.state;
    return !!state && state.navigation.state === "idle" && state.revalidation === "idle" && [...state.fetchers.values()].every((f) => f.state === "idle");
  });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
}

/** The scenario editor builds the body from blocks; an expert's Liquid is one click away. */
export async function editAsLiquid(page: import("playwright-core").Page): Promise<void> {
  await page.getByRole("button", { name: "Edit as Liquid" }).click();
}
