// Measurement end to end: a signed webhook plans a welcome, the dispatcher sends it to a real SMTP
// server, the shopper opens it and follows a link through the built server, then orders.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../scripts/demo/payloads";
import { scenarioDetail } from "~/.server/measurement/report";
import { storefrontUrl } from "~/.server/dispatch/facts";
import { signTracking, verifyTracking } from "~/.server/tracking/tokens";
import { parseEnv } from "~/env.server";
import { SHOP, startApp, type App } from "../../support/app";

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

// Clicks are stamped by the server's clock, so the story runs around the real present.
const NOW = new Date();
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
const ada = { id: 8801, email: "ada.tracked@example.com", first_name: "Ada", last_name: null };
const beans = { title: "House blend", variant: "250 g", price: "18.00", quantity: 2, productId: 41 };

describe("a tracked welcome email", () => {
  let html = "";

  it("arrives with tracked links and an open pixel", async () => {
    expect((await app.webhook("customers/create", p.customer(ada, minutes(-120)), { at: minutes(-120) })).status).toBe(200);
    expect((await app.webhook("customers_email_marketing_consent/update", p.consent(ada, "subscribed", minutes(-120)), { at: minutes(-120) })).status).toBe(200);
    await app.dispatch(minutes(-119));
    const mail = app.smtp.received.find((r) => r.envelopeTo.includes(ada.email));
    html = String(mail?.mail.html ?? "");
    expect(html).toMatch(/\/t\/c\/[\w.-]+/);
    expect(html).toMatch(/<img src="[^"]+\/t\/o\/[\w.-]+" width="1" height="1" alt=""/);
    expect(String(mail?.mail.text)).toMatch(/\/t\/c\/[\w.-]+/);
  });

  it("counts the open and the click, and redirects to the shop with UTM tags and our reference", async () => {
    const pixel = /<img src="([^"]+\/t\/o\/[\w.-]+)"/.exec(html)![1];
    const open = await fetch(pixel);
    expect(open.status).toBe(200);
    expect(open.headers.get("content-type")).toBe("image/gif");
    expect(open.headers.get("cache-control")).toBe("no-store");

    const link = /href="([^"]+\/t\/c\/[\w.-]+)"/.exec(html)![1];
    const click = await fetch(link, { redirect: "manual" });
    expect(click.status).toBe(302);
    const to = new URL(click.headers.get("location")!);
    expect(to.searchParams.get("utm_source")).toBe("timing-crm");
    expect(to.searchParams.get("utm_medium")).toBe("email");
    expect(to.searchParams.get("utm_campaign")).toBe("welcome");
    expect(to.searchParams.get("crm_ref")).toBeTruthy();
  });

  it("takes a genuinely signed link to a page the email never sent to the shop's home page, counting nothing", async () => {
    const link = /href="([^"]+\/t\/c\/[\w.-]+)"/.exec(html)![1];
    const secret = parseEnv(app.env).apiSecret;
    const verdict = verifyTracking(link.split("/t/c/")[1], secret, "click");
    expect(verdict.ok).toBe(true);
    const elsewhere = signTracking({ kind: "click", messageId: verdict.ok ? verdict.claim.messageId : "", url: "https://phish.example/login" }, secret);
    const click = await fetch(`${app.server.url}/t/c/${elsewhere}`, { redirect: "manual" });
    expect(click.status).toBe(302);
    expect(click.headers.get("location")).toBe(storefrontUrl(await app.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })));
  });

  it("answers a tampered link with 400 and no redirect", async () => {
    const link = /href="([^"]+\/t\/c\/[\w.-]+)"/.exec(html)![1];
    const tampered = await fetch(`${link.slice(0, -3)}xyz`, { redirect: "manual" });
    expect(tampered.status).toBe(400);
    expect(tampered.headers.get("location")).toBeNull();
    expect((await fetch(`${app.server.url}/t/o/not-a-token`)).status).toBe(400);
  });

  it("credits the order that follows the click to the welcome, with its revenue", async () => {
    const order = p.order({ id: 88010, number: 1880, person: ada, at: minutes(5), items: [beans], acceptsMarketing: true });
    expect((await app.webhook("orders/create", order, { at: minutes(5) })).status).toBe(200);
    const total = (await app.db.order.findFirstOrThrow({ where: { shopifyId: "88010" } })).totalPriceCents;
    expect(total).toBeGreaterThan(0);

    const detail = await scenarioDetail(app.db, SHOP, "welcome", minutes(60));
    expect(detail).toMatchObject({ opens: 1, clicks: 1, conversions: 1, revenueCents: total });
    expect(detail.kpi).toMatchObject({ numerator: 1, denominator: 1, rate: 1 });
  });
});
