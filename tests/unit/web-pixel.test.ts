// The web pixel (extensions/web-pixel/src/index.ts) as Shopify runs it: bundled by esbuild, registered
// through `shopify.extend("WebPixel::Render", …)`, and handed an API that publishes Shopify's standard
// events with the payloads Shopify documents. What it sends is what the endpoint will judge, so every
// body is also read by the endpoint's own parser.
import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { PIXEL_BODY_LIMIT } from "~/.server/http/body-limit";
import { parsePixelBatch, type PixelBatch } from "~/.server/pixel/request";
import { bundlePixel } from "~/.server/storefront/pixel-bundle";

const SHOP = "demo-shop.myshopify.com";
const SETTINGS = { endpoint: "https://crm.example/pixel/events", pixelKey: "pk_0123456789abcdefghij" };
const REF = "eyJrIjoiciIsIm0iOiJtc2ctMSJ9.c2lnbmF0dXJlLW9mLTE2Yg";
const ADA = { id: "6805915271270", email: "ada@example.com", firstName: "Ada", lastName: "Lovelace", phone: "+15550100", ordersCount: 2 };

let code: string;
beforeAll(async () => {
  code = await bundlePixel();
});

type Sent = { url: string; body: string; via: "fetch" | "beacon"; init?: RequestInit };
type Options = {
  customer?: Record<string, unknown> | null;
  href?: string;
  settings?: Record<string, unknown>;
  privacy?: Record<string, boolean>;
  storage?: Map<string, string>;
  fetchFails?: boolean;
  init?: unknown;
};

/** One storefront page: the pixel loaded into its own sandbox, with a clock the test advances. */
function page(opts: Options = {}) {
  const sent: Sent[] = [];
  const timers: { at: number; fn: () => void }[] = [];
  let clock = 0;
  const subscribers = new Map<string, ((event: unknown) => void)[]>();
  const privacySubscribers: ((event: unknown) => void)[] = [];
  const storage = opts.storage ?? new Map<string, string>();
  let extend: ((api: unknown) => void) | undefined;

  const sandbox = vm.createContext({
    shopify: {
      extend(point: string, fn: (api: unknown) => void) {
        expect(point).toBe("WebPixel::Render");
        extend = fn;
      },
    },
    fetch(url: string, init: RequestInit) {
      if (opts.fetchFails) throw new TypeError("fetch is not allowed here");
      sent.push({ url, body: String(init.body), via: "fetch", init });
      return Promise.resolve(new Response(null, { status: 204 }));
    },
    setTimeout(fn: () => void, ms: number) {
      const timer = { at: clock + ms, fn };
      timers.push(timer);
      return timer;
    },
    clearTimeout(timer: unknown) {
      const i = timers.indexOf(timer as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
    URL,
  });
  vm.runInContext(code, sandbox);
  expect(extend, "the pixel registers itself").toBeTypeOf("function");

  const href = opts.href ?? "https://demo-shop.example/products/harbour-blend";
  const location = { href, search: new URL(href).search, origin: new URL(href).origin, pathname: new URL(href).pathname };
  extend!({
    settings: opts.settings ?? SETTINGS,
    analytics: {
      subscribe(name: string, fn: (event: unknown) => void) {
        subscribers.set(name, [...(subscribers.get(name) ?? []), fn]);
        return () => true;
      },
    },
    browser: {
      sendBeacon: async (url: string, body: string) => (sent.push({ url, body, via: "beacon" }), true),
      sessionStorage: { getItem: async (k: string) => storage.get(k) ?? null, setItem: async (k: string, v: string) => void storage.set(k, v) },
      localStorage: { getItem: async () => null, setItem: async () => undefined },
      cookie: { get: async () => "", set: async () => "" },
    },
    init: opts.init ?? {
      context: { document: { location, referrer: "", title: "Harbour Blend", characterSet: "UTF-8" }, window: { location, innerWidth: 1280, innerHeight: 800 }, navigator: { language: "en" } },
      data: {
        customer: opts.customer ?? null,
        cart: null,
        shop: { name: "Demo Coffee Roasters", myshopifyDomain: SHOP, countryCode: "US", paymentSettings: { currencyCode: "USD" }, storefrontUrl: "https://demo-shop.example" },
        purchasingCompany: null,
      },
      customerPrivacy: { analyticsProcessingAllowed: true, marketingAllowed: true, preferencesProcessingAllowed: false, saleOfDataAllowed: false, ...opts.privacy },
    },
    customerPrivacy: { subscribe: (name: string, fn: (event: unknown) => void) => (name === "visitorConsentCollected" && privacySubscribers.push(fn), () => true) },
  });

  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    sent,
    storage,
    async publish(name: string, event: unknown) {
      for (const fn of subscribers.get(name) ?? []) fn(event);
      await settle();
    },
    async consent(privacy: Record<string, boolean>) {
      for (const fn of privacySubscribers) fn({ customerPrivacy: privacy });
      await settle();
    },
    /** Lets `ms` pass on the page's clock, running the timers that fall due. */
    async wait(ms: number) {
      clock += ms;
      for (const timer of timers.filter((t) => t.at <= clock)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.fn();
      }
      await settle();
    },
    batches: () => sent.map((s) => JSON.parse(s.body) as PixelBatch),
  };
}

// Shopify's standard event payloads (web-pixels-api/standard-events): product_viewed carries the
// variant shown; product_added_to_cart the cart line with its merchandise.
let seq = 0;
const variant = (productId = "7874939060286", variantId = "43197165502526") => ({
  id: variantId,
  title: "340 g",
  sku: "HB-340",
  price: { amount: 18, currencyCode: "USD" },
  image: { src: "https://cdn.shopify.com/harbour.jpg" },
  product: { id: productId, title: "Harbour Blend", vendor: "Demo Coffee Roasters", type: "Coffee", untranslatedTitle: "Harbour Blend", url: "/products/harbour-blend" },
});
const standard = (name: string, data: unknown, over: Record<string, unknown> = {}) => ({
  id: `sh-${(++seq).toString(16).padStart(8, "0")}-8F2D-4CCA-3231-EF5C032A4C3B`,
  clientId: "client-9c2e",
  name,
  type: "standard",
  seq,
  timestamp: "2026-03-02T09:00:00.000Z",
  context: { document: { location: { href: "https://demo-shop.example/products/harbour-blend" } } },
  data,
  ...over,
});
const viewed = (productId?: string, variantId?: string) => standard("product_viewed", { productVariant: variant(productId, variantId) });
const added = () => standard("product_added_to_cart", { cartLine: { cost: { totalAmount: { amount: 36, currencyCode: "USD" } }, merchandise: variant(), quantity: 2 } });

describe("the web pixel", () => {
  it("reports a logged-in customer's product view with their Shopify id and nothing else about them", async () => {
    const p = page({ customer: ADA });
    const event = viewed();
    await p.publish("product_viewed", event);
    expect(p.sent).toEqual([]);
    await p.wait(1000);
    expect(p.sent).toHaveLength(1);
    expect(p.sent[0]).toMatchObject({ url: SETTINGS.endpoint, via: "fetch", init: { method: "POST", keepalive: true, credentials: "omit", headers: { "Content-Type": "text/plain" } } });
    expect(p.batches()[0]).toEqual({
      shop: SHOP,
      key: SETTINGS.pixelKey,
      customerId: ADA.id,
      events: [{ id: event.id, type: "product_viewed", at: "2026-03-02T09:00:00.000Z", productId: "7874939060286", variantId: "43197165502526" }],
    });
    for (const personal of [ADA.email, ADA.firstName, ADA.lastName, ADA.phone, "client-9c2e"]) expect(p.sent[0].body).not.toContain(personal);
    expect(parsePixelBatch(new TextEncoder().encode(p.sent[0].body))).toMatchObject({ ok: true });
  });

  it("sends an add-to-cart at once, with the cart line's variant", async () => {
    const p = page({ customer: { ...ADA, id: `gid://shopify/Customer/${ADA.id}` } });
    const event = added();
    await p.publish("product_added_to_cart", event);
    expect(p.batches()).toEqual([{ shop: SHOP, key: SETTINGS.pixelKey, customerId: ADA.id, events: [{ id: event.id, type: "product_added_to_cart", at: event.timestamp, productId: "7874939060286", variantId: "43197165502526" }] }]);
  });

  it("sends nothing for an anonymous visitor who did not come from our email", async () => {
    const p = page({ href: "https://demo-shop.example/products/harbour-blend?utm_source=newsletter" });
    await p.publish("product_viewed", viewed());
    await p.publish("product_added_to_cart", added());
    await p.wait(60_000);
    expect(p.sent).toEqual([]);
    expect([...p.storage.keys()]).toEqual([]);
  });

  it("reports an anonymous visitor who came from our email by its reference, for the rest of the visit", async () => {
    const landing = page({ href: `https://demo-shop.example/products/harbour-blend?utm_source=timing-crm&crm_ref=${REF}` });
    await landing.publish("product_viewed", viewed());
    await landing.wait(1000);
    expect(landing.batches()).toEqual([expect.objectContaining({ shop: SHOP, ref: REF })]);
    expect(landing.batches()[0]).not.toHaveProperty("customerId");
    expect(parsePixelBatch(new TextEncoder().encode(landing.sent[0].body))).toMatchObject({ ok: true });

    // The next page of the same visit has no reference in its address: the session remembers it.
    const next = page({ storage: landing.storage, href: "https://demo-shop.example/collections/all" });
    await next.publish("product_added_to_cart", added());
    expect(next.batches()).toEqual([expect.objectContaining({ ref: REF })]);

    // A new visit (a new tab: empty session storage) is anonymous again.
    const later = page({ href: "https://demo-shop.example/" });
    await later.publish("product_added_to_cart", added());
    expect(later.sent).toEqual([]);
  });

  it("ignores a crm_ref that is not one of our tokens", async () => {
    for (const ref of ["", "x", "<script>", `${"a".repeat(600)}.b`, "a.b.c"]) {
      const p = page({ href: `https://demo-shop.example/?crm_ref=${encodeURIComponent(ref)}` });
      await p.publish("product_added_to_cart", added());
      expect(p.sent, ref).toEqual([]);
    }
  });

  it("batches views: ten to a request, the rest after a second, each event once", async () => {
    const p = page({ customer: ADA });
    const events = Array.from({ length: 25 }, (_, i) => viewed(String(1000 + i), String(2000 + i)));
    for (const e of events) await p.publish("product_viewed", e);
    await p.publish("product_viewed", events[3]); // Shopify's bus, or a theme, publishing one twice
    expect(p.batches().map((b) => b.events.length)).toEqual([10, 10]);
    await p.wait(1000);
    expect(p.batches().map((b) => b.events.length)).toEqual([10, 10, 5]);
    expect(p.batches().flatMap((b) => b.events.map((e) => e.id))).toEqual(events.map((e) => e.id));
  });

  it("stays within its bounds: 50 events a page, small bodies, oversized fields dropped", async () => {
    const p = page({ customer: ADA });
    await p.publish("product_viewed", standard("product_viewed", { productVariant: variant("1".repeat(25)) }));
    await p.publish("product_viewed", { ...viewed(), id: "sh-".padEnd(400, "x") });
    await p.publish("product_viewed", { ...viewed(), id: "has a space" });
    for (let i = 0; i < 120; i++) await p.publish("product_viewed", viewed(String(5000 + i), "".padEnd(i % 7, "9") || null!));
    await p.wait(1000);
    const events = p.batches().flatMap((b) => b.events);
    expect(events).toHaveLength(50);
    expect(events.every((e) => /^\d{1,20}$/.test(e.productId) && (e.variantId === null || /^\d{1,20}$/.test(e.variantId!)))).toBe(true);
    for (const s of p.sent) {
      expect(Buffer.byteLength(s.body)).toBeLessThanOrEqual(8 * 1024);
      expect(Buffer.byteLength(s.body)).toBeLessThan(PIXEL_BODY_LIMIT);
      expect(parsePixelBatch(new TextEncoder().encode(s.body))).toMatchObject({ ok: true });
    }
  });

  it("tolerates events and an init with fields missing, sending only what names a product", async () => {
    const p = page({ customer: ADA });
    const broken = [
      undefined,
      null,
      {},
      { id: "sh-1" },
      { id: "sh-2", data: null },
      { id: "sh-3", data: { productVariant: null } },
      { id: "sh-4", data: { productVariant: { id: "5" } } },
      { id: "sh-5", data: { productVariant: { product: { id: null } } } },
      { id: 6, data: { productVariant: variant() } },
    ];
    for (const e of broken) await p.publish("product_viewed", e);
    for (const e of broken) await p.publish("product_added_to_cart", e);
    await p.publish("product_added_to_cart", { id: "sh-7", data: { cartLine: { merchandise: null } } });
    await p.publish("product_viewed", { id: "sh-8", timestamp: "not a time", data: { productVariant: { product: { id: "77" } } } });
    await p.wait(1000);
    expect(p.batches().flatMap((b) => b.events)).toEqual([{ id: "sh-8", type: "product_viewed", at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), productId: "77", variantId: null }]);

    for (const init of [{}, { data: null }, { data: { shop: null } }, { data: { shop: { myshopifyDomain: SHOP }, customer: { id: null } } }]) {
      const bare = page({ init });
      await bare.publish("product_added_to_cart", added());
      await bare.wait(1000);
      expect(bare.sent, JSON.stringify(init)).toEqual([]);
    }
    for (const settings of [{}, { endpoint: "javascript:alert(1)", pixelKey: "k" }, { endpoint: SETTINGS.endpoint }]) {
      const unset = page({ customer: ADA, settings });
      await unset.publish("product_added_to_cart", added());
      expect(unset.sent).toEqual([]);
    }
  });

  it("stops when the visitor withdraws consent, dropping what it had not sent", async () => {
    const p = page({ customer: ADA });
    await p.publish("product_viewed", viewed());
    await p.consent({ analyticsProcessingAllowed: true, marketingAllowed: false, preferencesProcessingAllowed: false, saleOfDataAllowed: false });
    await p.publish("product_added_to_cart", added());
    await p.wait(1000);
    expect(p.sent).toEqual([]);
    const declined = page({ customer: ADA, privacy: { marketingAllowed: false } });
    await declined.publish("product_added_to_cart", added());
    expect(declined.sent).toEqual([]);
  });

  it("falls back to the sandbox's sendBeacon where fetch is refused", async () => {
    const p = page({ customer: ADA, fetchFails: true });
    await p.publish("product_added_to_cart", added());
    expect(p.sent).toEqual([expect.objectContaining({ url: SETTINGS.endpoint, via: "beacon" })]);
  });
});
