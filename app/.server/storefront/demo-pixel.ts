// The web pixel on the demo product page. On a real store Shopify's pixel manager loads the pixel in
// its sandbox, hands it `analytics`, `browser`, `init` and the settings the app gave at activation,
// and publishes the standard events as the visitor browses. This small stand-in does the same on the
// demo page: it loads the bundled pixel (extensions/web-pixel, served as an asset), publishes
// `product_viewed` when the product shows and `product_added_to_cart` from the "Add to cart" button,
// with Shopify's payload shapes, as the demo's signed-in customer. Like Shopify, it loads the pixel
// only for a visitor who allowed analytics and marketing.
import type { WebPixelSettings } from "~/.server/shopify/web-pixel";

export const PIXEL_ASSET = "web-pixel.js";

export type DemoPixelInput = {
  src: string;
  settings: WebPixelSettings;
  shop: { myshopifyDomain: string; name: string };
  /** As Shopify's init.data.customer has it: id, email and names (the pixel must send only the id). */
  customer: { id: string; email: string | null; firstName: string | null; lastName: string | null } | null;
  product: { id: string; title: string; url: string; variantId: string; variantTitle: string; price: number; currencyCode: string };
};

/** JSON inside a <script>: nothing in it can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

const HOST = `(function (cfg) {
  var subscribers = {};
  var render = null;
  window.shopify = { extend: function (point, fn) { if (point === "WebPixel::Render") render = fn; } };
  var ss = null;
  try { ss = window.sessionStorage; } catch (e) {}
  var seq = 0;
  var clientId = "demo-" + Math.random().toString(16).slice(2);
  function id() {
    return window.crypto && crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(16) + Math.random().toString(16).slice(2);
  }
  function location_() {
    return { href: location.href, search: location.search, origin: location.origin, pathname: location.pathname, host: location.host, hostname: location.hostname, hash: location.hash, port: location.port, protocol: location.protocol };
  }
  function publish(name, data) {
    var event = { id: "sh-" + id(), clientId: clientId, name: name, type: "standard", seq: ++seq, timestamp: new Date().toISOString(), context: { document: { location: location_(), referrer: document.referrer, title: document.title } }, data: data };
    (subscribers[name] || []).forEach(function (fn) { try { fn(event); } catch (e) {} });
  }
  var p = cfg.product;
  var variant = { id: p.variantId, title: p.variantTitle, sku: null, price: { amount: p.price, currencyCode: p.currencyCode }, image: null, product: { id: p.id, title: p.title, untranslatedTitle: p.title, vendor: cfg.shop.name, type: null, url: p.url } };
  var api = {
    settings: cfg.settings,
    analytics: { subscribe: function (name, fn) { (subscribers[name] = subscribers[name] || []).push(fn); return function () { return true; }; } },
    browser: {
      sendBeacon: function (url, body) { return Promise.resolve(navigator.sendBeacon(url, body)); },
      sessionStorage: {
        getItem: function (k) { return Promise.resolve(ss ? ss.getItem(k) : null); },
        setItem: function (k, v) { if (ss) ss.setItem(k, v); return Promise.resolve(); }
      }
    },
    init: {
      context: { document: { location: location_(), referrer: document.referrer, title: document.title }, window: { location: location_(), innerWidth: innerWidth, innerHeight: innerHeight } },
      data: { customer: cfg.customer, cart: null, shop: { myshopifyDomain: cfg.shop.myshopifyDomain, name: cfg.shop.name }, purchasingCompany: null },
      customerPrivacy: { analyticsProcessingAllowed: true, marketingAllowed: true, preferencesProcessingAllowed: true, saleOfDataAllowed: true }
    },
    customerPrivacy: { subscribe: function () { return function () { return true; }; } }
  };
  var script = document.createElement("script");
  script.src = cfg.src;
  script.async = true;
  script.onload = function () {
    if (!render) return;
    render(api);
    publish("product_viewed", { productVariant: variant });
    var add = document.querySelector(".add");
    if (add) add.addEventListener("click", function () {
      publish("product_added_to_cart", { cartLine: { merchandise: variant, quantity: 1, cost: { totalAmount: { amount: p.price, currencyCode: p.currencyCode } } } });
    });
  };
  document.head.appendChild(script);
})`;

export function demoPixelScript(input: DemoPixelInput): string {
  return `<script>${HOST}(${scriptJson(input)});</script>`;
}
