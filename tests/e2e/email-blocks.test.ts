// The block editor in real Chromium against the built server in demo mode: a merchant builds a cart
// email from blocks, it survives a reload, the preview (through the real renderer) shows it for a
// customer with no name, and the test send carries the same.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSuite } from "../support/browser-app";
import { SHOP } from "../support/app";
import { openAdminPage } from "../support/browser";

const suite = browserSuite();

const open = (path: string) => openAdminPage(suite.browser, `${suite.app.server.url}${path}`);

async function addBlock(page: Page, type: string): Promise<void> {
  await page.locator("#blocks-en-add-type").selectOption(type);
  await page.locator("#blocks-en-add").click();
}

describe("the email block editor", () => {
  it("builds a cart email from blocks that survives a reload, previews it for a customer with no name, and sends the same as a test", async () => {
    const logo = "https://cdn.demo-shop.example/brand/logo.png";
    await suite.app.db.shop.update({ where: { domain: SHOP }, data: { brandLogoUrl: logo } });
    const page = await open("/app/scenarios/cart-recovery");
    // Start from nothing: remove the built-in blocks.
    while ((await page.locator("[data-block]").count()) > 0) await page.getByRole("button", { name: /^Remove: / }).first().click();

    await addBlock(page, "heading");
    await page.locator("#blocks-en-0-text").fill("Still deciding?");
    await addBlock(page, "text");
    await page.locator("#blocks-en-1-text").fill("Hello ");
    await page.locator("#blocks-en-1-text-insert").selectOption("customer.first_name");
    await page.getByText("customer.first_name · if empty: “there”").waitFor();
    await page.locator("#blocks-en-fallback-customer-first_name").fill("coffee friend");
    await addBlock(page, "products");
    await addBlock(page, "button");
    await page.locator("#blocks-en-3-text").fill("Back to your cart");
    await page.locator("#blocks-en-3-link").selectOption("checkout.url");

    const frame = page.frameLocator('iframe[title="Email preview"]');
    await frame.getByText("Hello coffee friend").waitFor();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Saved", { exact: true }).first().waitFor();

    await page.reload({ waitUntil: "networkidle" });
    expect(await page.locator("[data-block]").evaluateAll((els) => els.map((e) => e.getAttribute("data-block")))).toEqual(["heading", "text", "products", "button"]);
    expect(await page.locator("#blocks-en-1-text").inputValue()).toBe("Hello {{ customer.first_name }}");

    // The preview's default sample customer has no name: the fallback shows, with the products' pictures.
    await frame.getByText("Hello coffee friend").waitFor();
    await frame.getByText("Still deciding?").waitFor();
    const images = await frame.locator("img").evaluateAll((els) => els.map((e) => (e as HTMLImageElement).getAttribute("src")));
    expect(images[0]).toBe(logo);
    // The sample cart holds a product with a picture and one without: one product image, no empty one.
    expect(images.filter((src) => src !== logo)).toHaveLength(1);
    expect(images).not.toContain("");
    await frame.getByRole("link", { name: "Back to your cart" }).waitFor();
    await expect.poll(() => page.locator("[data-inbox]").count()).toBe(4);

    await page.getByRole("button", { name: /Send a test to / }).click();
    await page.getByText(/Test sent to /).waitFor();
    const mail = suite.app.smtp.received.at(-1)!;
    expect(mail.mail.html).toContain("Hello coffee friend");
    expect(mail.mail.html).toContain("Still deciding?");
    // The same email: the logo, and the sample product's picture from the app itself (an inbox blocks inline ones).
    expect(mail.mail.html).toContain(logo);
    const picture = /src="([^"]*\/brand\/sample\/beans\.png)"/.exec(String(mail.mail.html))?.[1];
    expect(picture).toBeDefined();
    const served = await fetch(`${suite.app.server.url}${new URL(picture!).pathname}`);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect([...new Uint8Array(await served.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect((await fetch(`${suite.app.server.url}/brand/sample/..%2F..%2Fetc.png`)).status).toBe(404);

    const stored = await suite.app.db.scenarioSetting.findUnique({ where: { shop_scenario: { shop: SHOP, scenario: "cart-recovery" } } });
    expect(JSON.parse(stored?.templates ?? "{}").en.blocks.blocks).toHaveLength(4);
    await page.close();
  });

  it("switches an email to Liquid, says the blocks no longer apply, and resets to blocks", async () => {
    const page = await open("/app/scenarios/welcome");
    await page.getByRole("button", { name: "Edit as Liquid" }).click();
    await page.getByText("This email is edited as Liquid, so the block view no longer applies.").waitFor();
    await page.locator("#template-en-body").fill("<p>Just Liquid {{ coupon.code }}</p>");
    const frame = page.frameLocator('iframe[title="Email preview"]');
    await frame.getByText(/Just Liquid/).waitFor();
    await page.getByRole("button", { name: "Reset to blocks" }).click();
    await page.locator('[data-block="coupon"]').waitFor();
    expect(await page.locator("#template-en-body").count()).toBe(0);
    await page.close();
  });
});
