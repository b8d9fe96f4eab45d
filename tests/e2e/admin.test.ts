// The merchant admin in real Chromium against the built server in demo mode: switches that stick,
// templates refused inline, previews with fallbacks, test sends that arrive marked, and Korean.
import { describe, expect, it } from "vitest";
import { browserSuite } from "../support/browser-app";
import * as p from "../../scripts/demo/payloads";
import { SHOP } from "../support/app";
import { editAsLiquid, hydrated, openAdminPage, seriousAxeViolations } from "../support/browser";

const suite = browserSuite();

const open = (path: string) => openAdminPage(suite.browser, `${suite.app.server.url}${path}`);

const beans = { title: "House blend", variant: "250 g", price: "18.00", quantity: 1, productId: 41 };
const checkoutAt = (token: string, email: string, at: Date) => p.checkout({ token, email, firstName: "Pat", items: [beans], at, acceptsMarketing: true });
const plannedFor = (token: string) => suite.app.db.message.count({ where: { scenario: "cart-recovery", checkoutToken: token } });

describe("merchant admin in demo mode", () => {
  it("serves /app in a plain browser with no script from Shopify's CDN", async () => {
    const html = await (await fetch(`${suite.app.server.url}/app`)).text();
    expect(html).toContain('data-scenario="cart-recovery"');
    expect(html).not.toMatch(/cdn\.shopify\.com/);
  });

  it("keeps a scenario switched off after a reload, and a new checkout plans nothing for it", async () => {
    const before = new Date("2026-05-04T10:00:00Z");
    expect((await suite.app.webhook("checkouts/create", checkoutAt("e2e-on", "on@example.com", before), { at: before })).status).toBe(200);
    expect(await plannedFor("e2e-on")).toBeGreaterThan(0);

    const page = await open("/app");
    const toggle = page.locator('[data-scenario="cart-recovery"]').getByRole("checkbox", { name: /Abandoned checkout reminder/ });
    expect(await toggle.isChecked()).toBe(true);
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && r.ok()), toggle.uncheck({ force: true })]);
    await page.reload({ waitUntil: "networkidle" });
    await hydrated(page);
    expect(await page.locator('[data-scenario="cart-recovery"]').getByRole("checkbox").isChecked()).toBe(false);
    expect(await page.locator('[data-scenario="welcome"]').getByRole("checkbox").isChecked()).toBe(true);

    const after = new Date("2026-05-04T11:00:00Z");
    expect((await suite.app.webhook("checkouts/create", checkoutAt("e2e-off", "off@example.com", after), { at: after })).status).toBe(200);
    expect(await plannedFor("e2e-off")).toBe(0);
    await page.close();
  });

  it("refuses a body with an unknown variable inline and saves nothing", async () => {
    const stored = async () => (await suite.app.db.scenarioSetting.findUnique({ where: { shop_scenario: { shop: SHOP, scenario: "welcome" } } }))?.templates ?? "";
    const before = await stored();
    const page = await open("/app/scenarios/welcome");
    await editAsLiquid(page);
    await page.locator("#template-en-body").fill("<p>Hi {{ customer.favourite_colour }}</p>");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText(/Unknown variable "customer.favourite_colour"/).first().waitFor();
    await page.getByText("Nothing was saved").waitFor();
    expect(await stored()).toBe(before);
    expect(await stored()).not.toContain("favourite_colour");
    await page.close();
  });

  it("previews a customer with no first name with the fallback, through the real renderer", async () => {
    const page = await open("/app/scenarios/cart-recovery");
    await editAsLiquid(page);
    await page.locator("#template-en-body").fill('<p>Dear {{ customer.first_name | default: "coffee lover" }},</p><p><a href="{{ checkout.url }}">Back to your cart</a></p>');
    const frame = page.frameLocator('iframe[title="Email preview"]');
    await frame.getByText("Dear coffee lover,").waitFor();
    await page.getByLabel("Sample customer").selectOption("repeat");
    await frame.getByText("Dear Jordan,").waitFor();
    await page.close();
  });

  it("edits each win-back step's own email, and previews the last one with its one-click stop", async () => {
    const page = await open("/app/scenarios/win-back");
    await page.getByRole("tab", { name: "Step 3" }).click();
    await editAsLiquid(page);
    expect(await page.locator("#template-en-2-body").inputValue()).toContain("{{ unsubscribe_url }}");
    const frame = page.frameLocator('iframe[title="Email preview"]');
    await frame.getByText("No, stop these emails").waitFor();
    await page.locator("#template-en-2-body").fill("<p>Keep hearing from us? {{ coupon.code }}</p>");
    await page.getByText(/Unknown variable "coupon.code"/).first().waitFor();
    // The offer's code shows in its body (the preheader, hidden, carries it too).
    await page.getByRole("tab", { name: "Step 2" }).click();
    await frame.getByText("MISSYOU-3HT6", { exact: true }).waitFor();
    await page.close();
  });

  it("sends a test to the merchant, marked as a test, with a code that cannot be redeemed", async () => {
    const page = await open("/app/scenarios/welcome");
    await page.getByRole("button", { name: /Send a test to owner@demo-shop\.example/ }).click();
    await page.getByText(/Test sent to owner@demo-shop\.example/).waitFor();
    const mail = suite.app.smtp.received.find((r) => r.envelopeTo.includes("owner@demo-shop.example"));
    expect(mail?.mail.subject).toMatch(/^\[TEST\]/);
    expect(await suite.app.db.coupon.count({ where: { shop: SHOP, scenario: "welcome" } })).toBe(0);
    await page.close();
  });

  it("shows who a scenario reaches and the overlap the budget will defer, and keeps the segment choice after a reload", async () => {
    const DAY = 86_400_000;
    const now = Date.now();
    await suite.app.db.scenarioSetting.updateMany({ where: { shop: SHOP, scenario: "cart-recovery" }, data: { enabled: true } });
    for (const i of [1, 2, 3]) {
      await suite.app.db.customer.create({ data: { shop: SHOP, shopifyId: `aud-${i}`, email: `aud${i}@example.com`, emailConsent: "subscribed", signedUpAt: new Date(now - i * DAY) } });
    }
    await suite.app.db.checkout.create({ data: { shop: SHOP, token: "aud-cart", email: "aud1@example.com", startedAt: new Date(now - DAY / 2) } });

    const page = await open("/app/scenarios/welcome");
    expect(await page.locator("#audience-new").inputValue()).toBe("any");
    await page.locator("#audience-new").selectOption("include");
    await page.locator("#audience-dormant").selectOption("exclude");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Saved", { exact: true }).first().waitFor();
    await page.reload({ waitUntil: "networkidle" });
    await hydrated(page);
    expect(await page.locator("#audience-new").inputValue()).toBe("include");
    expect(await page.locator("#audience-dormant").inputValue()).toBe("exclude");
    const stored = await suite.app.db.scenarioSetting.findUniqueOrThrow({ where: { shop_scenario: { shop: SHOP, scenario: "welcome" } } });
    expect(JSON.parse(stored.audience)).toEqual({ include: ["new"], exclude: ["dormant"] });

    const newNow = await suite.app.db.customer.count({ where: { shop: SHOP, ordersCount: 0, signedUpAt: { not: null }, email: { not: null }, emailConsent: "subscribed" } });
    const reach = await page.getByTestId("audience-reach").innerText();
    expect(reach).toContain(`${newNow} people in the saved audience can receive marketing email now.`);
    expect(reach).toMatch(/In the last 30 days its trigger caught \d+ people in that audience\./);
    // A handful of people over 30 days: too few held out to compare the KPI against, whatever the share.
    expect(await page.getByText(/Too few to measure the KPI|The KPI cannot be measured/).count()).toBe(1);
    const overlap = await page.getByTestId("audience-overlap").innerText();
    expect(overlap).toMatch(/^1 of them were also caught by “Abandoned checkout reminder”, which is switched on\./);
    expect(overlap).toContain("defers “Welcome + first-order code”");
    await page.close();
  });

  it("shows a sunset person on their page and lets the merchant write to them again", async () => {
    const email = "gone.quiet@example.com";
    const sent = new Date("2026-04-01T12:00:00Z");
    const last = await suite.app.db.message.create({
      data: { key: `${SHOP}:win-back:customer:9:dormant-after:x:2`, shop: SHOP, scenario: "win-back", step: 2, about: "customer:9:dormant-after:x", email, triggeredAt: sent, runAt: sent, status: "sent", sentAt: sent },
    });
    await suite.app.db.messageEvent.create({ data: { key: `sunset:${last.id}`, shop: SHOP, messageId: last.id, scenario: "win-back", type: "sunset", at: new Date("2026-04-15T12:00:00Z") } });
    await suite.app.db.suppression.create({ data: { shop: SHOP, email, reason: "sunset", createdAt: new Date("2026-04-15T12:00:00Z") } });

    const page = await open(`/app/people/${encodeURIComponent(email)}`);
    await page.getByText(/^Sunset: this person did not answer the last win-back email/).waitFor();
    expect(await page.getByText("Sunset (no answer to the last step) at").count()).toBe(1);
    await page.getByRole("button", { name: "Write to them again" }).click();
    await page.getByText("They will receive marketing email again.").waitFor();
    expect(await suite.app.db.suppression.count({ where: { shop: SHOP, email } })).toBe(0);
    await page.reload({ waitUntil: "networkidle" });
    expect(await page.getByText(/^Sunset: this person/).count()).toBe(0);
    expect(await page.getByText("Sunset reversed by the merchant at").count()).toBe(1);
    await page.close();
  });

  // One test per page: each gets its own time, and a failure names the page.
  const axePages = ["/app", "/app/activity", "/app/settings", "/app/onboarding", "/app/people/aud1%40example.com", "/app/scenarios/welcome", "/app/scenarios/cart-recovery", "/app/scenarios/second-order", "/app/scenarios/win-back", "/app/scenarios/browse-abandonment", "/app/scenarios/exit-intent"];
  it.each(axePages)("passes axe-core's WCAG 2.1 AA rules on %s, with a title, with no serious or critical violation", async (path) => {
    const page = await open(path);
    expect(await page.title(), path).toMatch(/ · Timing CRM$/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  });

  it("renders the admin in Korean when the shop's language is Korean", async () => {
    await suite.app.db.shop.update({ where: { domain: SHOP }, data: { locale: "ko" } });
    try {
      const page = await open("/app");
      await page.getByRole("heading", { name: "시나리오" }).waitFor();
      expect(await page.locator('[data-scenario="cart-recovery"]').innerText()).toContain("장바구니 결제 시작 1시간, 24시간 후");
      await page.goto(`${suite.app.server.url}/app/settings`, { waitUntil: "networkidle" });
      await hydrated(page);
      await page.getByText("발신자 이름").waitFor();
      await page.close();
    } finally {
      await suite.app.db.shop.update({ where: { domain: SHOP }, data: { locale: "en" } });
    }
  });
});
