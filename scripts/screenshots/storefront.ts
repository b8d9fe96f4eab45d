// `npx tsx scripts/screenshots/storefront.ts`: the exit-intent modal on the demo product page, on a
// desktop after the pointer leaves through the top, and on a phone as a bottom sheet after a fast
// scroll back up. Writes docs/screenshots/modal-desktop.png and modal-mobile.png.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser } from "../../tests/support/browser";
import { ensureBuilt, ROOT, startServer } from "../lib/server-process";

const OUT = path.join(ROOT, "docs/screenshots");

async function settle(page: Page) {
  const dialog = page.locator('[role="dialog"]');
  await dialog.waitFor();
  await dialog.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

async function main() {
  ensureBuilt(console.log);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-screenshots-"));
  const server = await startServer({ CRM_DEMO: "1", CRM_JOBS: "off", NODE_ENV: "test", DATABASE_URL: `file:${path.join(dir, "app.db")}`, CRM_OUTBOX_DIR: path.join(dir, "outbox") });
  const browser = await launchBrowser();
  try {
    fs.mkdirSync(OUT, { recursive: true });
    const desktop = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await desktop.goto(`${server.url}/demo/storefront?delay_seconds=0`);
    await desktop.mouse.move(640, 300);
    await desktop.mouse.move(640, 5);
    await desktop.mouse.move(640, -20);
    await settle(desktop);
    await desktop.screenshot({ path: path.join(OUT, "modal-desktop.png") });

    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 })).newPage();
    await phone.goto(`${server.url}/demo/storefront?delay_seconds=0`);
    await phone.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    await phone.waitForFunction(() => window.scrollY > 0);
    await phone.evaluate(() => window.scrollTo(0, Math.max(0, window.scrollY - 1400)));
    await settle(phone);
    await phone.screenshot({ path: path.join(OUT, "modal-mobile.png") });
    console.log(`written to ${path.relative(ROOT, OUT)}/modal-desktop.png and modal-mobile.png`);
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
