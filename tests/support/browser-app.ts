// A Chromium suite against the built app: both started once for the file, every test skipped (with
// the reason) when Chromium is missing, both closed at the end.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startApp, type App } from "./app";
import { browserMissing, launchBrowser } from "./browser";

export type BrowserSuite = { app: App; browser: Browser };

/** Registers the file's hooks; the returned object holds the app and the browser once `beforeAll` ran. */
export function browserSuite(): BrowserSuite {
  const suite = {} as BrowserSuite;
  const missing = browserMissing();
  beforeAll(async () => {
    if (missing) return;
    [suite.app, suite.browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  beforeEach((ctx) => {
    if (missing) ctx.skip(missing);
    // A browser test that fails says what the server said: its log holds the error a page only hints at.
    ctx.onTestFailed(() => {
      const log = suite.app?.server.output() ?? "";
      if (log) console.error(`server output (last 4,000 characters):\n${log.slice(-4_000)}`);
    });
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.app?.close();
  });
  return suite;
}
