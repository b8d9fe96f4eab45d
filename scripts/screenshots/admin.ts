// `npx tsx scripts/screenshots/admin.ts`: runs the demo story into a scratch data folder, starts the
// demo server on it, and photographs the scenarios page, the editor with its preview, and activity.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createDb } from "~/db.server";
import { saveLogo } from "~/.server/brand/logo";
import { DEMO_SHOP } from "~/.server/shops";
import { launchBrowser } from "../../tests/support/browser";
import { demoLogo } from "./demo-logo";
import { ROOT, startServer } from "../lib/server-process";

const OUT = path.join(ROOT, "docs/screenshots");
const WIDTH = 1280;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

async function main() {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "crm-screens-"));
  console.log("running the demo story for populated pages…");
  const demo = spawnSync(process.execPath, ["--import", "tsx", "scripts/demo.ts"], { cwd: ROOT, env: { ...process.env, CRM_DEMO_DATA_DIR: data }, encoding: "utf8" });
  if (demo.status !== 0) throw new Error(`demo failed:\n${demo.stdout}\n${demo.stderr}`);

  // The editor's preview and the email screenshot show the shop's brand: a logo and its brown.
  const db = createDb(`file:${path.join(data, "demo.db")}`);
  await saveLogo(db, DEMO_SHOP, demoLogo(), new Date());
  await db.shop.update({ where: { domain: DEMO_SHOP }, data: { brandAccent: "#6b3e26" } });
  await db.$disconnect();

  // Emails name the logo by the app's address, so the server must know its own port.
  const port = await freePort();
  const server = await startServer({ PORT: String(port), SHOPIFY_APP_URL: `http://localhost:${port}`, CRM_DEMO: "1", CRM_JOBS: "off", NODE_ENV: "development", DATABASE_URL: `file:${path.join(data, "demo.db")}`, CRM_OUTBOX_DIR: path.join(data, "demo-outbox") });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
    fs.mkdirSync(OUT, { recursive: true });
    const shoot = async (route: string, file: string, ready: () => Promise<unknown>) => {
      await page.goto(`${server.url}${route}`, { waitUntil: "networkidle" });
      await ready();
      await page.screenshot({ path: path.join(OUT, file), fullPage: true });
      console.log(`wrote docs/screenshots/${file}`);
    };
    await shoot("/app", "admin-scenarios.png", () => page.locator('[data-scenario="post-delivery"]').waitFor());
    await shoot("/app/scenarios/cart-recovery", "admin-editor.png", () => page.frameLocator('iframe[title="Email preview"]').getByText("Hi there,").waitFor());
    await page.locator('iframe[title="Email preview"]').screenshot({ path: path.join(OUT, "email-branded.png") });
    console.log("wrote docs/screenshots/email-branded.png");
    await shoot("/app/activity", "admin-activity.png", () => page.getByRole("table").waitFor());
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(data, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
