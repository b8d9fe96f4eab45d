// The storefront's questions through the app proxy, over HTTP into the built server in demo mode:
// only requests signed like Shopify's are answered, and nothing is recorded for the others.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "~/env.server";
import { signAppProxyQuery } from "~/.server/channels/onsite/proxy-signature";
import { DEFAULT_BRAND, modalBrand } from "~/domain/brand";
import { startApp, SHOP, type App } from "../../support/app";

let app: App;
let secret: string;
beforeAll(async () => {
  app = await startApp();
  secret = parseEnv(app.env).apiSecret;
});
afterAll(() => app?.close());

let seq = 0;
const visitor = () => `visitor-${process.pid}-${++seq}-abcdef`;

function signedUrl(endpoint: string, params: Record<string, string>, opts: { at?: Date; customer?: string; secret?: string } = {}): string {
  const query = signAppProxyQuery(
    new URLSearchParams(params),
    { shop: SHOP, loggedInCustomerId: opts.customer ?? "", pathPrefix: "/apps/crm", timestamp: opts.at ?? new Date() },
    opts.secret ?? secret,
  );
  return `${app.server.url}/proxy/${endpoint}?${query}`;
}

const post = (url: string, body: unknown) => fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

async function recorded(v: string) {
  return {
    events: await app.db.onsiteEvent.count({ where: { visitorId: v } }),
    coupons: await app.db.coupon.count({ where: { visitorId: v } }),
  };
}

describe("app proxy signature", () => {
  it("answers a signed offer request with the first-order offer", async () => {
    const res = await fetch(signedUrl("offer", { v: visitor(), c: "1", product: "house-blend" }));
    expect(res.status).toBe(200);
    // The token /reveal will require, bound to this visitor and offer.
    expect(await res.json()).toEqual({
      show: true,
      offer: { id: "first-order", kind: "first-order", percentOff: 10, daysValid: 7, signup: true, value: "10%" },
      token: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
      // The modal's colours and font where the theme block sets none.
      brand: modalBrand(DEFAULT_BRAND),
    });
  });

  it("refuses a forged signature and records nothing", async () => {
    const v = visitor();
    const forged = signedUrl("event", { v, c: "1" }, { secret: "guessed-secret" });
    expect((await post(forged, { v, c: "1", type: "impression", offer: "first-order" })).status).toBe(401);
    const reveal = signedUrl("reveal", { v, c: "1" }, { secret: "guessed-secret" });
    const res = await post(reveal, { v, c: "1", offer: "first-order" });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "invalid signature" });
    expect(await recorded(v)).toEqual({ events: 0, coupons: 0 });
  });

  it("refuses a request whose parameters were changed after signing", async () => {
    const v = visitor();
    const url = new URL(signedUrl("reveal", { v, c: "1" }, { customer: "" }));
    url.searchParams.set("logged_in_customer_id", "7001");
    expect((await post(url.toString(), { v, c: "1", offer: "first-order" })).status).toBe(401);
    expect(await recorded(v)).toEqual({ events: 0, coupons: 0 });
  });

  it("refuses a missing signature with 400 and records nothing", async () => {
    const v = visitor();
    const url = new URL(signedUrl("event", { v, c: "1" }));
    url.searchParams.delete("signature");
    const res = await post(url.toString(), { v, c: "1", type: "impression", offer: "first-order" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "missing signature" });
    expect(await recorded(v)).toEqual({ events: 0, coupons: 0 });
  });

  it("refuses a stale or future timestamp even with a correct signature", async () => {
    const v = visitor();
    const stale = signedUrl("reveal", { v, c: "1" }, { at: new Date(Date.now() - 10 * 60_000) });
    const future = signedUrl("reveal", { v, c: "1" }, { at: new Date(Date.now() + 10 * 60_000) });
    for (const url of [stale, future]) {
      const res = await post(url, { v, c: "1", offer: "first-order" });
      expect(res.status).toBe(401);
    }
    expect(await recorded(v)).toEqual({ events: 0, coupons: 0 });
  });
});

describe("demo forwarder", () => {
  it("signs /apps/crm/offer like Shopify, and the real verifier accepts it", async () => {
    const res = await fetch(`${app.server.url}/apps/crm/offer?v=${visitor()}&c=0&product=house-blend`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ show: true, offer: { kind: "first-order" } });
  });

  it("cannot be used to pass a shop or customer of the caller's choosing", async () => {
    const v = visitor();
    const res = await post(`${app.server.url}/apps/crm/event?shop=other.myshopify.com&logged_in_customer_id=99`, { v, c: "1", type: "impression", offer: "first-order" });
    expect(res.status).toBe(204);
    const [event] = await app.db.onsiteEvent.findMany({ where: { visitorId: v } });
    expect(event).toMatchObject({ shop: SHOP, customerShopifyId: null, type: "impression" });
  });
});
