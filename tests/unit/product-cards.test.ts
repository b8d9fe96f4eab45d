// Products in emails as a shopper sees them: a picture when Shopify has one, a neat text-only card when
// it has none, every link on the shop's primary domain, and shop-entered text (titles, alt text) as text.
import { describe, expect, it } from "vitest";
import { renderEmail } from "~/.server/channels/email/render";
import { validateTemplate } from "~/.server/channels/email/validate";
import { defaultTemplate } from "~/.server/channels/email/templates";
import { sampleVars, VARIABLES, type TemplateVars } from "~/.server/channels/email/variables";
import { checkoutLines, itemVars, orderItemVars, recommendationVars, type Line } from "~/.server/dispatch/email-products";
import { productUrl } from "~/.server/dispatch/product-cards";
import type { VariantCardView } from "~/.server/shopify/products";
import { TEST_SHOP } from "../support/shop-identity";

const STORE = "https://beans.example";
const card = (variant: string, patch: Partial<VariantCardView> = {}): VariantCardView => ({
  variantShopifyId: variant,
  productShopifyId: `p${variant}`,
  handle: "yirgacheffe",
  title: "Yirgacheffe",
  variantTitle: "250 g",
  imageUrl: "https://cdn.shopify.example/y.jpg",
  imageAlt: null,
  productUpdatedAt: null,
  ...patch,
});
const line = (patch: Partial<Line> = {}): Line => ({ title: "Yirgacheffe", variantTitle: "250 g", quantity: 2, priceCents: 1600, productShopifyId: "7", variantShopifyId: "41", ...patch });
const money = { currency: "USD", locale: "en" };

async function html(scenario: "cart-recovery" | "post-delivery" | "browse-abandonment", vars: TemplateVars, locale = "en") {
  const result = await renderEmail({ scenario, locale, template: null, vars, shop: TEST_SHOP, unsubscribeUrl: "https://crm.example/u" });
  if (!result.ok) throw new Error(result.error);
  return result.email.html;
}

describe("a product line as the template sees it", () => {
  it("links to the product's page on the primary domain, on its variant, with the variant's picture", () => {
    const item = itemVars(line(), new Map([["41", card("41")]]), STORE, money);
    expect(item).toEqual({ title: "Yirgacheffe", variant_title: "250 g", quantity: 2, price: "$16.00", url: "https://beans.example/products/yirgacheffe?variant=41", image_url: "https://cdn.shopify.example/y.jpg", image_alt: null });
  });

  it("without a card (custom item, deleted product, failed read) is text only and links to the shop", () => {
    const item = itemVars(line({ variantShopifyId: null }), new Map([["41", card("41")]]), STORE, money);
    expect(item).toMatchObject({ url: STORE, image_url: null });
  });

  it("each bought product gets its own review link; without a page, the customer's orders", () => {
    const items = orderItemVars([line(), line({ variantShopifyId: "99" })], new Map([["41", card("41")]]), { reviewUrlPattern: "{shop_url}/products/{product_handle}#reviews" }, STORE, money);
    expect(items.map((i) => i.review_url)).toEqual(["https://beans.example/products/yirgacheffe#reviews", "https://beans.example/account/orders"]);
  });

  it("a recommendation whose product is gone is left out", () => {
    const recs = recommendationVars(
      [
        { productShopifyId: "7", variantShopifyId: "41", title: "old title", priceCents: 1500, currency: "USD", orders: 3, source: "bought_together" },
        { productShopifyId: "8", variantShopifyId: "42", title: "deleted", priceCents: 900, currency: "USD", orders: 2, source: "best_seller" },
      ],
      new Map([["41", card("41")]]),
      STORE,
      "en",
    );
    expect(recs).toEqual([{ title: "Yirgacheffe", url: "https://beans.example/products/yirgacheffe", image_url: "https://cdn.shopify.example/y.jpg", image_alt: null, price: "$15.00" }]);
  });

  it("reads checkout rows stored before and after ids were kept", () => {
    const lines = checkoutLines(JSON.stringify([{ title: "Old", variantTitle: null, quantity: 1, priceCents: 500 }, { title: "New", variantTitle: "S", quantity: 1, priceCents: 700, productShopifyId: "7", variantShopifyId: "41" }]));
    expect(lines.map((l) => l.variantShopifyId)).toEqual([null, "41"]);
    expect(checkoutLines("not json")).toEqual([]);
  });

  it("product pages escape the handle and add only a numeric variant", () => {
    expect(productUrl("https://beans.example/", "café latte", "41")).toBe("https://beans.example/products/caf%C3%A9%20latte?variant=41");
    expect(productUrl(STORE, "x", "gid://shopify/ProductVariant/41")).toBe("https://beans.example/products/x");
  });
});

describe("product cards in the default emails", () => {
  it("show a picture with escaped alt text, and a product without one as a card with no <img>", async () => {
    for (const locale of ["en", "ko"]) {
      const vars = sampleVars("cart-recovery", locale);
      vars.checkout!.items = [
        { ...vars.checkout!.items[0], image_url: "https://cdn.shopify.example/y.jpg", image_alt: `"><script>alert(1)</script>`, url: `${STORE}/products/y?variant=41` },
        { ...vars.checkout!.items[1], title: "Filters & more", image_url: null, image_alt: null, url: STORE },
      ];
      const out = await html("cart-recovery", vars, locale);
      const images = [...out.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]);
      expect(images).toHaveLength(1);
      expect(images[0]).toContain('src="https://cdn.shopify.example/y.jpg"');
      expect(images[0]).toContain('width="96"');
      expect(images[0]).toContain(`alt="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"`);
      expect(out).not.toMatch(/<img\b[^>]*src=""/);
      expect(out).toContain("Filters &amp; more");
      expect(out).toContain(`href="${STORE}/products/y?variant=41"`);
    }
  });

  it("the review request shows each product bought with its own review button", async () => {
    const vars = sampleVars("post-delivery", "en");
    const out = await html("post-delivery", vars);
    for (const item of vars.order!.items!) expect(out).toContain(`href="${item.review_url}"`);
    expect(out.match(/Write a review/g)).toHaveLength(vars.order!.items!.length);
    expect(out).toContain("You may also like");
  });

  it("the review request without known items keeps its single button, and no recommendations heading when there are none", async () => {
    const vars = sampleVars("post-delivery", "en");
    const out = await html("post-delivery", { ...vars, order: { name: "#1", review_url: `${STORE}/account/orders` }, recommendations: [] });
    expect(out).toContain("Write a review");
    expect(out).not.toContain("You may also like");
  });

  it("a browse reminder shows the product's picture and price, or neither when Shopify has none", async () => {
    const vars = sampleVars("browse-abandonment", "en");
    const withPicture = await html("browse-abandonment", { ...vars, product: { title: "Yirgacheffe", url: `${STORE}/products/y`, image_url: "https://cdn.shopify.example/y.jpg", image_alt: null, price: "$25.00" } });
    expect(withPicture).toMatch(/<img\b[^>]*alt="Yirgacheffe"/);
    expect(withPicture).toContain("$25.00");
    const bare = await html("browse-abandonment", { ...vars, product: { title: "Yirgacheffe", url: `${STORE}/products/y`, image_url: null, image_alt: null, price: "" } });
    expect(bare).not.toContain("<img");
  });
});

describe("templates and product variables", () => {
  it("every default template that lists products passes the save-time checks in both languages", () => {
    for (const scenario of ["cart-recovery", "post-delivery", "second-order", "browse-abandonment", "cart-abandonment"] as const) {
      for (const locale of ["en", "ko"]) expect(validateTemplate(scenario, defaultTemplate(scenario, locale), { koreanAdRules: false, locale })).toEqual({ ok: true });
    }
  });

  it("an optional product value needs a fallback unless printed inside {% if %} on it", () => {
    const base = defaultTemplate("browse-abandonment", "en");
    const bare = validateTemplate("browse-abandonment", { ...base, body: `<p>{{ product.price }}</p>` }, { koreanAdRules: false });
    expect(bare).toMatchObject({ ok: false, errors: [{ message: expect.stringContaining('"product.price" can be empty') }] });
    const guarded = validateTemplate("browse-abandonment", { ...base, body: `{% if product.image_url %}<img src="{{ product.image_url }}" alt="">{% else %}<p>{{ product.title }}</p>{% endif %}` }, { koreanAdRules: false });
    expect(guarded).toEqual({ ok: true });
    const elseBranch = validateTemplate("browse-abandonment", { ...base, body: `{% if product.image_url %}x{% else %}{{ product.price }}{% endif %}` }, { koreanAdRules: false });
    expect(elseBranch).toMatchObject({ ok: false });
  });

  it("the list variables say what each item holds", () => {
    const fields = (scenario: keyof typeof VARIABLES, path: string) => VARIABLES[scenario].find((v) => v.path === path)?.fields?.map((f) => f.name);
    expect(fields("cart-recovery", "checkout.items")).toEqual(["title", "variant_title", "quantity", "price", "url", "image_url", "image_alt"]);
    expect(fields("post-delivery", "order.items")).toContain("review_url");
    expect(fields("second-order", "recommendations")).toEqual(["title", "url", "image_url", "image_alt", "price"]);
  });
});
