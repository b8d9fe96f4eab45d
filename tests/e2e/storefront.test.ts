// The exit-intent modal as shoppers meet it: the demo product page with the real embed block, in
// Chromium, talking to the built app through the (demo-signed) app proxy. And the web pixel on the
// same page, reporting a signed-in customer's view and add-to-cart to the app.
import type { BrowserContextOptions, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSuite } from "../support/browser-app";
import * as p from "../../scripts/demo/payloads";
import { seriousAxeViolations } from "../support/browser";

const suite = browserSuite();

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const MOBILE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function visit(query: string, options: BrowserContextOptions = DESKTOP): Promise<Page> {
  const context = await suite.browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${suite.app.server.url}/demo/storefront?delay_seconds=0&${query}`);
  return page;
}

/** Moves the real pointer out through the top edge, and returns the app's answer to the exit. */
async function exitThroughTop(page: Page) {
  const answer = page.waitForResponse((r) => r.url().includes("/apps/crm/offer"));
  await page.mouse.move(640, 300);
  await page.mouse.move(640, 5);
  await page.mouse.move(640, -20);
  return (await answer).json() as Promise<{ show: boolean; reason?: string; token?: string; offer?: { id: string; kind: string; product?: { title: string; url: string } } }>;
}

const dialog = (page: Page) => page.locator('[role="dialog"]');
const visitorOf = (page: Page) => page.evaluate(() => sessionStorage.getItem("crm_ei_v"));
const eventsOf = async (visitorId: string | null) => (await suite.app.db.onsiteEvent.findMany({ where: { visitorId: visitorId ?? "" } })).map((e) => e.type).sort();

describe("exit-intent modal on desktop", () => {
  it("opens a labelled modal dialog with the first-order offer when the pointer leaves through the top", async () => {
    const page = await visit("");
    await exitThroughTop(page);
    await expect.poll(() => dialog(page).count()).toBe(1);
    expect(await dialog(page).getAttribute("aria-modal")).toBe("true");
    const label = await dialog(page).getAttribute("aria-labelledby");
    expect(await page.locator(`#${label}`).textContent()).toBe("Before you go: 10% off your first order");
    expect(await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
    expect(await page.evaluate(() => document.querySelector("main")!.inert)).toBe(true);
  });

  it("passes axe-core's WCAG 2.1 AA rules while open, with no serious or critical violation", async () => {
    const page = await visit("");
    await exitThroughTop(page);
    await expect.poll(() => dialog(page).count()).toBe(1);
    expect(await seriousAxeViolations(page, '[role="dialog"]')).toEqual([]);
    await page.close();
  });

  it("closes on Escape, gives focus back, records the offer, the impression and the dismissal", async () => {
    const page = await visit("");
    await page.getByRole("button", { name: "Add to cart" }).focus();
    await exitThroughTop(page);
    await dialog(page).waitFor();
    await page.keyboard.press("Escape");
    await dialog(page).waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Add to cart");
    expect(await page.evaluate(() => document.querySelector("main")!.inert)).toBe(false);
    const visitor = await visitorOf(page);
    await expect.poll(() => eventsOf(visitor)).toEqual(["dismiss", "impression", "offer"]);
  });

  it("keeps focus inside the dialog and closes with its close button", async () => {
    const page = await visit("");
    await exitThroughTop(page);
    await dialog(page).waitFor();
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
    }
    await page.getByRole("button", { name: "Close" }).click();
    await dialog(page).waitFor({ state: "detached" });
  });

  it("shows nothing on a second exit in the same session", async () => {
    const page = await visit("");
    await exitThroughTop(page);
    await dialog(page).waitFor();
    await page.keyboard.press("Escape");
    await page.reload();
    const asked: string[] = [];
    page.on("request", (r) => r.url().includes("/apps/crm/") && asked.push(r.url()));
    await page.mouse.move(640, 300);
    await page.mouse.move(640, 5);
    await page.mouse.move(640, -20);
    await page.waitForTimeout(1000);
    expect(asked).toEqual([]);
    expect(await dialog(page).count()).toBe(0);
  });

  it("reveals the same code every time the visitor asks, and copies it", async () => {
    const page = await visit("");
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: suite.app.server.url });
    const { offer, token } = await exitThroughTop(page);
    await page.getByRole("button", { name: "Show my code" }).click();
    const code = (await page.locator(".crm-ei__code").textContent())!;
    expect(code).toMatch(/^[A-Z0-9-]{6,}$/);
    await page.getByRole("button", { name: "Copy" }).click();
    await page.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    // What the modal would get on another page of the same visit: the same code, not a second one.
    const again = await page.evaluate(
      async ([id, t]) => {
        const body = JSON.stringify({ v: sessionStorage.getItem("crm_ei_v"), c: "1", offer: id, token: t });
        return fetch("/apps/crm/reveal", { method: "POST", headers: { "Content-Type": "application/json" }, body }).then((r) => r.json());
      },
      [offer?.id, token] as const,
    );
    expect(again.code).toBe(code);
  });

  it("never offers the first-order code to a signed-in customer who has ordered", async () => {
    const now = new Date();
    const jordan = { id: 7001, email: "jordan@example.com", first_name: "Jordan", last_name: null };
    expect((await suite.app.webhook("customers/create", p.customer(jordan, now))).status).toBe(200);
    const order = p.order({ id: 70011, number: 1701, person: jordan, at: now, items: [{ title: "Harbour Blend", variant: "340 g", price: "18.00", quantity: 1, productId: 41 }], acceptsMarketing: false });
    expect((await suite.app.webhook("orders/create", order)).status).toBe(200);
    const page = await visit("customer=7001");
    await page.getByText("Signed in as Jordan").waitFor();
    const answer = await exitThroughTop(page);
    // The merchant's default for repeat customers is a reminder of the product, never the code.
    expect(answer).toMatchObject({ show: true, offer: { kind: "reminder" } });
    await dialog(page).waitFor();
    const productTitle = (await page.locator("h1").first().textContent())?.trim();
    expect(await page.locator("#crm-ei-title").textContent()).toBe(`Still deciding on ${productTitle}?`);
    expect(await dialog(page).getByRole("link").getAttribute("href")).toContain("/products/harbour-blend");
    expect(await page.getByRole("button", { name: "Show my code" }).count()).toBe(0);
  });

  it("signs the shopper up only once they tick the consent box and confirm from their inbox", async () => {
    const page = await visit("");
    await exitThroughTop(page);
    await page.getByLabel("Email (optional)").fill("new.visitor@example.com");
    expect(await page.getByRole("checkbox").isChecked()).toBe(false);
    await page.getByRole("button", { name: "Sign me up" }).click();
    await page.getByRole("alert").filter({ hasText: "Please tick the box" }).waitFor();
    await page.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Sign me up" }).click();
    // Double opt-in: the modal asks them to confirm from their inbox, and nothing is subscribed yet.
    await page.getByText("Almost done: check your inbox and click the link to confirm.").waitFor();
    const visitor = await visitorOf(page);
    expect(await eventsOf(visitor)).not.toContain("signup");
    await expect.poll(() => suite.app.smtp.mails.filter((m) => m.to && JSON.stringify(m.to).includes("new.visitor@example.com")).length).toBe(1);
    const email = suite.app.smtp.mails.find((m) => JSON.stringify(m.to).includes("new.visitor@example.com"))!;
    const link = new URL(email.text!.match(/https?:\/\/\S+\/signup\/confirm\?token=\S+/)![0]);
    const inbox = await page.context().newPage();
    await inbox.goto(`${suite.app.server.url}${link.pathname}${link.search}`);
    await inbox.getByRole("button", { name: "Confirm my subscription" }).click();
    await inbox.getByRole("heading", { name: "You're subscribed" }).waitFor();
    await expect.poll(() => eventsOf(visitor)).toContain("signup");
  });

  it("renders hostile settings as text", async () => {
    const hostile = `<img src=x onerror="window.__pwned=1">Deal <b>now</b>`;
    const page = await visit(`headline=${encodeURIComponent(hostile)}&button_label=${encodeURIComponent("</script><script>window.__pwned=2</script>")}`);
    await exitThroughTop(page);
    await dialog(page).waitFor();
    expect(await page.locator("#crm-ei-title").textContent()).toBe(hostile);
    expect(await page.locator(".crm-ei__primary").textContent()).toBe("</script><script>window.__pwned=2</script>");
    expect(await dialog(page).locator("img, b, script").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it("moves without animation when the shopper asked for reduced motion", async () => {
    const animationOf = async (options: BrowserContextOptions) => {
      const page = await visit("", options);
      await exitThroughTop(page);
      await dialog(page).waitFor();
      return dialog(page).evaluate((el) => getComputedStyle(el).animationName);
    };
    expect(await animationOf({ ...DESKTOP, reducedMotion: "no-preference" })).not.toBe("none");
    expect(await animationOf({ ...DESKTOP, reducedMotion: "reduce" })).toBe("none");
  });

  it("records nothing about a visitor who did not consent, and keeps nothing past the session", async () => {
    const page = await visit("consent=0");
    await exitThroughTop(page);
    await dialog(page).waitFor();
    await page.keyboard.press("Escape");
    await dialog(page).waitFor({ state: "detached" });
    const visitor = await visitorOf(page);
    expect(visitor).toMatch(/^[0-9a-f]{24}$/);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    expect(await eventsOf(visitor)).toEqual([]);
  });
});

describe("web pixel on the demo storefront", () => {
  const pixelPosts = (page: Page) => {
    const bodies: string[] = [];
    page.on("request", (r) => r.url().endsWith("/pixel/events") && bodies.push(r.postData() ?? ""));
    return bodies;
  };
  const storedFor = async (customerShopifyId: string) =>
    (await suite.app.db.shopperEvent.findMany({ where: { customerShopifyId }, orderBy: { at: "asc" } })).map((e) => [e.type, e.productId, e.variantId, e.source]);

  it("reports a signed-in customer's product view and add-to-cart, and the app stores them", async () => {
    const now = new Date();
    const ada = { id: 7301, email: "ada.pixel@example.com", first_name: "Ada", last_name: "Pixel" };
    expect((await suite.app.webhook("customers/create", p.customer(ada, now))).status).toBe(200);
    expect((await suite.app.webhook("customers_email_marketing_consent/update", p.consent(ada, "subscribed", now))).status).toBe(200);
    const context = await suite.browser.newContext(DESKTOP);
    const page = await context.newPage();
    const bodies = pixelPosts(page);
    await page.goto(`${suite.app.server.url}/demo/storefront?delay_seconds=0&customer=7301`);
    await page.getByText("Signed in as Ada Pixel").waitFor();
    await expect.poll(() => storedFor("7301"), { timeout: 10_000 }).toEqual([["product_viewed", "41", "410", "customer"]]);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect.poll(() => storedFor("7301"), { timeout: 10_000 }).toEqual([
      ["product_viewed", "41", "410", "customer"],
      ["product_added_to_cart", "41", "410", "customer"],
    ]);
    // The page handed the pixel the customer's email and names, as Shopify does; none of it left.
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) for (const personal of [ada.email, ada.first_name, ada.last_name]) expect(body).not.toContain(personal);
  });

  it("sends nothing for a guest, and loads no pixel without consent", async () => {
    const guest = await visit("");
    const bodies = pixelPosts(guest);
    await guest.getByRole("button", { name: "Add to cart" }).click();
    await guest.waitForTimeout(1500);
    expect(bodies).toEqual([]);

    const before = await suite.app.db.shopperEvent.count();
    const context = await suite.browser.newContext(DESKTOP);
    const declined = await context.newPage();
    const scripts: string[] = [];
    declined.on("request", (r) => r.url().includes("web-pixel") && scripts.push(r.url()));
    await declined.goto(`${suite.app.server.url}/demo/storefront?delay_seconds=0&consent=0&customer=7301`);
    await declined.getByRole("button", { name: "Add to cart" }).click();
    await declined.waitForTimeout(1000);
    expect(scripts).toEqual([]);
    expect(await suite.app.db.shopperEvent.count()).toBe(before);
  });
});

describe("exit-intent modal on a phone", () => {
  it("opens as a bottom sheet that leaves the page readable after a fast scroll back up", async () => {
    const page = await visit("", MOBILE);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    await page.waitForFunction(() => window.scrollY > 0);
    const answer = page.waitForResponse((r) => r.url().includes("/apps/crm/offer"));
    await page.evaluate(() => window.scrollTo(0, window.scrollY - 600));
    expect((await (await answer).json()).show).toBe(true);
    await dialog(page).waitFor();
    await dialog(page).evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
    const box = (await dialog(page).boundingBox())!;
    expect(Math.round(box.y + box.height)).toBe(844);
    expect(box.width).toBe(390);
    expect(box.height).toBeLessThanOrEqual(844 * 0.6 + 1);
    expect(await page.locator("main").isVisible()).toBe(true);
  });

  it("treats the back button as an exit and keeps the shopper on the page", async () => {
    const page = await visit("", MOBILE);
    const start = page.url();
    await page.tap("h1");
    await page.waitForFunction(() => history.length > 1);
    const answer = page.waitForResponse((r) => r.url().includes("/apps/crm/offer"));
    await page.evaluate(() => history.back());
    expect((await (await answer).json()).show).toBe(true);
    await dialog(page).waitFor();
    expect(page.url()).toBe(start);
  });
});
