// The merchant's brand in real Chromium: an unreadable accent is refused on the settings page with
// the pair named, a readable one is saved, an uploaded logo shows, and the email preview carries both.
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { browserSuite } from "../support/browser-app";
import { SHOP } from "../support/app";
import { routerIdle, seriousAxeViolations } from "../support/browser";

const PNG_1X1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

const suite = browserSuite();

async function open(path: string): Promise<Page> {
  const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${suite.app.server.url}${path}`, { waitUntil: "networkidle" });
  await page.waitForFunction(() => (window as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized === true);
  return page;
}

const shop = () => suite.app.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });

describe("the brand settings", () => {
  // One settings page for the first two steps, as a merchant would use it; each step has its own budget.
  let settings: Page;
  let logoFile = "";
  afterAll(() => settings?.close());

  it("refuses a yellow accent with the pair named, and saves a readable one", async () => {
    settings = await open("/app/settings");
    const accent = settings.getByLabel("Accent colour (links and buttons), e.g. #0b6bcb");
    await accent.fill("#FFD400");
    await settings.getByRole("button", { name: "Save", exact: true }).click();
    await settings.getByText(/Links in #FFD400 on the white card \(#FFFFFF\) are 1\.\d+:1; WCAG AA needs 4\.5:1/).waitFor();
    expect((await shop()).brandAccent).toBe("#0b6bcb");
    // The refused save's revalidation can re-render the form: type the next value only once it is done.
    await routerIdle(settings);

    await accent.fill("#8a4b2a");
    await expect.poll(() => accent.inputValue()).toBe("#8a4b2a");
    await Promise.all([settings.waitForResponse((r) => r.request().method() === "POST"), settings.getByRole("button", { name: "Save", exact: true }).click()]);
    await expect.poll(async () => (await shop()).brandAccent).toBe("#8a4b2a");
    await settings.getByText("Saved", { exact: true }).first().waitFor();
    // "Saved" can show before the saved values are read back; the form re-mounts with them.
    await routerIdle(settings);
  });

  it("takes an uploaded logo over the other forms' body cap, shows it, and stays within WCAG 2.1 AA", async () => {
    // 300 KB: over the 256 KB every other admin form may post, under the logo's 512 KB.
    const logoBytes = Buffer.concat([PNG_1X1, Buffer.alloc(300 * 1024)]);
    const [answer] = await Promise.all([
      settings.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/app/settings/logo")),
      settings.locator('input[type="file"]').setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: logoBytes }),
    ]);
    expect(answer.status(), await answer.text()).toBe(200);
    await settings.getByText("Your uploaded logo is used.", { exact: false }).waitFor();
    logoFile = (await shop()).brandLogoFile!;
    expect(logoFile).toMatch(/^[0-9a-f]{64}\.png$/);
    // The brand section, with the logo and the sample button on it.
    expect(await seriousAxeViolations(settings)).toEqual([]);
  });

  it("shows the logo and the accent in the email preview", async () => {
    expect(logoFile, "the logo was uploaded in the step before").not.toBe("");
    const editor = await open("/app/scenarios/cart-recovery");
    const frame = editor.frameLocator('iframe[title="Email preview"]');
    const logo = frame.locator(`img[src$="/brand/logo/${SHOP}/${logoFile}"]`).first();
    await logo.waitFor({ state: "attached" });
    expect(await logo.getAttribute("alt")).toBe((await shop()).name);
    expect(await frame.locator("html").innerHTML()).toContain("a { color: #8a4b2a; }");
    await editor.close();
  });
});
