// The embed block as Shopify renders it, and the loader every storefront page pays for.
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadExtension } from "~/.server/storefront/extension";
import { blockSettings, renderBlock, type ShopifyObjects } from "~/.server/storefront/render-block";

const ext = loadExtension();

const objects = (over: Partial<ShopifyObjects> = {}): ShopifyObjects => ({
  shop: { name: "Demo Coffee Roasters", permanent_domain: "demo-shop.myshopify.com" },
  product: { handle: "harbour-blend", title: "Harbour Blend", url: "/products/harbour-blend" },
  customer: null,
  request: { locale: { iso_code: "en" } },
  ...over,
});

function render(query: Record<string, string> = {}, over: Partial<ShopifyObjects> = {}) {
  const html = renderBlock(ext, objects(over), blockSettings(ext.schema.settings, query));
  const json = /<script type="application\/json" id="crm-exit-intent-config">([\s\S]*?)<\/script>/.exec(html)?.[1];
  return { html, config: json === undefined ? null : JSON.parse(json) };
}

describe("the loader", () => {
  const loader = ext.assets.get("exit-intent-loader.js")!.body;

  it("is at most 3 KB gzipped", () => {
    expect(zlib.gzipSync(loader, { level: 9 }).length).toBeLessThanOrEqual(3072);
  });

  it("adds only passive listeners and never blocks scrolling", () => {
    const source = loader.toString("utf8");
    const calls = source.match(/addEventListener\([^)]*\)/g) ?? [];
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call).toContain("{ passive: true }");
    expect(source).not.toMatch(/preventDefault|document\.write/);
  });
});

describe("the embed block", () => {
  it("outputs only a JSON config and one deferred script from the extension's assets", () => {
    const { html, config } = render();
    const tags = html.match(/<[a-z]+\b[^>]*>/g) ?? [];
    expect(tags).toEqual([expect.stringContaining('type="application/json"'), expect.stringMatching(/^<script src="\/demo\/storefront\/assets\/exit-intent-loader\.js\?v=\w+" defer>$/)]);
    expect(config.proxy).toBe("/apps/crm");
    expect(config.modalJs).toMatch(/exit-intent-modal\.js\?v=/);
    expect(config.product).toEqual({ handle: "harbour-blend", title: "Harbour Blend", url: "/products/harbour-blend" });
    expect(config.customer).toBeNull();
  });

  it("uses the schema defaults: every signal on, 7 days after a dismissal, the English texts", () => {
    const { config } = render();
    expect(config.signals).toEqual({ top: true, scroll: true, back: true, tab: true });
    expect(config.dismissDays).toBe(7);
    expect(config.mobile).toBe(true);
    expect(config.text.headline).toBe("Before you go: {value} off your first order");
    expect(config.text.reveal).toBe("Show my code");
  });

  it("speaks Korean to a Korean storefront and lets the merchant override a text", () => {
    const ko = render({}, { request: { locale: { iso_code: "ko" } } }).config;
    expect(ko.text.reveal).toBe("쿠폰 받기");
    expect(ko.locale).toBe("ko");
    expect(render({ button_label: "Give me the code" }).config.text.reveal).toBe("Give me the code");
  });

  it("keeps a hostile headline or product name inside the JSON, as text", () => {
    const hostile = `</script><script>alert(1)</script><img src=x onerror=alert(2)>`;
    const { html, config } = render({ headline: hostile }, { product: { handle: "x", title: hostile, url: "/products/x" } });
    expect(html).not.toContain("</script><script>");
    expect(html).not.toContain("<img");
    expect(config.text.headline).toBe(hostile);
    expect(config.product.title).toBe(hostile);
  });

  it("passes the signed-in customer's id and the merchant's switches", () => {
    const { config } = render({ signal_scroll_up: "0", show_on_mobile: "false", delay_seconds: "500" }, { customer: { id: 7301, email: null, first_name: null, name: "#7301" } });
    expect(config.customer).toBe(7301);
    expect(config.signals.scroll).toBe(false);
    expect(config.mobile).toBe(false);
    expect(config.delay).toBe(60);
  });

  it("leaves the accent to the shop's brand unless the merchant picks one in the theme editor", () => {
    expect(render().config.colors.accent).toBeNull();
    expect(render({ color_accent: "#123456" }).config.colors.accent).toBe("#123456");
    // The modal applies the theme editor's colour first, then the brand from the app's answer.
    const modal = ext.assets.get("exit-intent-modal.js")!.body.toString("utf8");
    expect(modal).toContain("colors.accent || brand.accent");
  });

  it("renders nothing when the merchant switches it off", () => {
    expect(render({ enabled: "0" }).html.trim()).toBe("");
  });
});
