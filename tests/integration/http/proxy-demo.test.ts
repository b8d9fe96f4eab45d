// The whole modal loop through the demo's /apps/crm/* (signed like Shopify, verified by the library):
// reveal, signup, privacy, rate limit, a logged-in repeat customer; and /apps/crm is not served outside demo mode.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signAppProxyQuery } from "~/.server/channels/onsite/proxy-signature";
import { VISITOR_LIMIT } from "~/.server/channels/onsite/rate-limit";
import { DEFAULT_BRAND, modalBrand } from "~/domain/brand";
import { startServer } from "../../../scripts/lib/server-process";
import { startApp, SHOP, type App } from "../../support/app";

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

let seq = 0;
const visitor = () => `demo-visitor-${++seq}-${process.pid}`;
const proxy = (endpoint: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${app.server.url}/apps/crm/${endpoint}`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
const offer = async (v: string, extra = "", headers: Record<string, string> = {}) =>
  (await fetch(`${app.server.url}/apps/crm/offer?v=${v}&c=1${extra}`, { headers })).json();

/** What the modal does: the reveal carries the token its offer came with. */
const reveal = (v: string, token: string | undefined) => proxy("reveal", { v, c: "1", offer: "first-order", token });

describe("the modal loop in demo mode", () => {
  it("reveals the same code twice and records the offer, one impression, one reveal", async () => {
    const v = visitor();
    const offered = await offer(v);
    expect(offered).toMatchObject({ show: true, offer: { id: "first-order" }, token: expect.any(String) });
    expect((await proxy("event", { v, c: "1", type: "impression", offer: "first-order" })).status).toBe(204);
    const first = await reveal(v, offered.token);
    const again = await reveal(v, offered.token);
    expect([first.status, again.status]).toEqual([200, 200]);
    const [a, b] = [await first.json(), await again.json()];
    expect(a).toMatchObject({ code: expect.stringMatching(/^EXIT-/), percentOff: 10 });
    expect(b).toEqual(a);
    expect(new Date(a.endsAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(await app.db.coupon.count({ where: { visitorId: v } })).toBe(1);
    expect((await app.db.onsiteEvent.findMany({ where: { visitorId: v } })).map((e) => e.type).sort()).toEqual(["impression", "offer", "reveal"]);
    expect(await offer(v)).toEqual({ show: false, reason: "already_shown" });
  });

  it("signs a shopper up only with a valid email, a ticked box and a click on the emailed link; then plans their welcome and code reminder", async () => {
    const v = visitor();
    const { code } = await (await reveal(v, (await offer(v)).token)).json();
    const bad = await proxy("signup", { v, c: "1", email: "nope", consent: true, offer: "first-order" });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ field: "email" });
    const unticked = await proxy("signup", { v, c: "1", email: "mina@example.com", consent: false, offer: "first-order" });
    expect(unticked.status).toBe(422);
    expect(await unticked.json()).toMatchObject({ field: "consent" });
    expect(await app.db.customer.count({ where: { email: "mina@example.com" } })).toBe(0);

    const ok = await proxy("signup", { v, c: "1", email: "mina@example.com", consent: true, offer: "first-order" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, confirm: "email" });
    expect(await app.db.customer.count({ where: { email: "mina@example.com" } })).toBe(0);

    await expect.poll(() => app.smtp.mails.filter((m) => m.subject?.startsWith("Confirm your subscription")).length).toBe(1);
    const confirmation = app.smtp.mails.find((m) => m.subject?.startsWith("Confirm your subscription"))!;
    const link = new URL(confirmation.text!.match(/https?:\/\/\S+\/signup\/confirm\?token=\S+/)![0]);
    const page = `${app.server.url}${link.pathname}${link.search}`;
    // Opening the link (as a mail scanner does) only shows the button.
    const opened = await fetch(page);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain("Confirm my subscription");
    expect(await app.db.customer.count({ where: { email: "mina@example.com" } })).toBe(0);
    expect((await fetch(page.replace(/token=[^&]+/, "token=forged"), { method: "POST" })).status).toBe(400);
    expect(await app.db.customer.count({ where: { email: "mina@example.com" } })).toBe(0);

    const confirmed = await fetch(page, { method: "POST" });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("You&#x27;re subscribed");
    expect(await app.db.customer.findFirst({ where: { email: "mina@example.com" } })).toMatchObject({ emailConsent: "subscribed" });
    const planned = await app.db.message.findMany({ where: { email: "mina@example.com" } });
    expect(planned.map((m) => m.scenario).sort()).toEqual(["coupon-expiry", "welcome"]);
    expect(planned.find((m) => m.scenario === "coupon-expiry")?.couponCode).toBe(code);
  });

  it("records nothing for a visitor who did not allow tracking", async () => {
    const v = visitor();
    expect((await proxy("event", { v, c: "0", type: "impression", offer: "first-order" })).status).toBe(204);
    expect((await proxy("event", { v, c: "0", type: "dismiss", offer: "first-order" })).status).toBe(204);
    expect(await app.db.onsiteEvent.count({ where: { visitorId: v } })).toBe(0);
  });

  it("refuses a visitor over the per-minute limit", async () => {
    const v = visitor();
    const statuses: number[] = [];
    for (let i = 0; i < VISITOR_LIMIT; i++) statuses.push((await proxy("event", { v, c: "1", type: "dismiss", offer: "first-order" }, { "X-Forwarded-For": "203.0.113.7" })).status);
    expect(statuses.every((s) => s === 204)).toBe(true);
    expect((await proxy("event", { v, c: "1", type: "dismiss", offer: "first-order" }, { "X-Forwarded-For": "203.0.113.7" })).status).toBe(429);
    expect(await offer(v, "", { "X-Forwarded-For": "203.0.113.7" })).toEqual({ show: false, reason: "rate_limited" });
    expect(await app.db.onsiteEvent.count({ where: { visitorId: v } })).toBe(1);
  });

  it("offers a logged-in repeat customer a reminder, never the first-order code", async () => {
    await app.db.customer.create({ data: { shop: SHOP, shopifyId: "880011", email: "regular@example.com", ordersCount: 2 } });
    const cookie = { Cookie: "demo_customer=880011" };
    expect(await offer(visitor(), "&product=house-blend", cookie)).toEqual({
      show: true,
      offer: { id: "reminder", kind: "reminder", product: { title: "House Blend", url: "/products/house-blend" }, signup: false },
      brand: modalBrand(DEFAULT_BRAND),
    });
    // No first-order offer, so no token to ask for its code with.
    const refused = await proxy("reveal", { v: visitor(), c: "1", offer: "first-order" }, cookie);
    expect(refused.status).toBe(403);
    expect(await app.db.coupon.count({ where: { customerShopifyId: "880011" } })).toBe(0);
  });

  it("answers bad input with a clear error", async () => {
    const res = await fetch(`${app.server.url}/apps/crm/offer?v=x&c=1`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: "v" });
    expect((await proxy("nothing-here", { v: visitor(), c: "1" })).status).toBe(404);
  });
});

describe("outside demo mode", () => {
  it("does not serve /apps/crm, while /proxy still answers Shopify-signed requests", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-live-"));
    const server = await startServer({
      CRM_DEMO: "0",
      CRM_JOBS: "off",
      NODE_ENV: "test",
      DATABASE_URL: `file:${path.join(dir, "app.db")}`,
      SHOPIFY_API_KEY: "live-key",
      SHOPIFY_API_SECRET: "live-secret",
      SHOPIFY_APP_URL: "https://crm.example.com",
    });
    try {
      expect((await fetch(`${server.url}/apps/crm/offer?v=${visitor()}&c=1`)).status).toBe(404);
      const query = signAppProxyQuery(
        new URLSearchParams({ v: visitor(), c: "1" }),
        { shop: "unknown-shop.myshopify.com", loggedInCustomerId: "", pathPrefix: "/apps/crm", timestamp: new Date() },
        "live-secret",
      );
      const res = await fetch(`${server.url}/proxy/offer?${query}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ show: false, reason: "shop_uninstalled" });
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
