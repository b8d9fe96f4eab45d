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
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.app?.close();
  });
  return suite;
}
