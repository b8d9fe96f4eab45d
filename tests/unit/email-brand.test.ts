// Every email wears the shop's brand: the logo (or the shop's name) at the top linking to the store,
// links and buttons in the accent, the chosen font; the footer reads at WCAG AA; and the frame cache
// never hands one shop's brand to another.
import { describe, expect, it } from "vitest";
import { styleButtons } from "~/.server/channels/email/brand-buttons";
import { buttonHtml, layoutPieces, layoutSource, renderMjml, type LayoutInput, type ShopIdentity } from "~/.server/channels/email/layout";
import { layoutHtml } from "~/.server/channels/email/layout-frame";
import { renderEmail } from "~/.server/channels/email/render";
import { sampleVars } from "~/.server/channels/email/variables";
import { renderSignupConfirmation } from "~/.server/channels/email/signup-confirmation";
import { EMAIL_PALETTE, FONT_STACKS, type Brand } from "~/domain/brand";
import { AA_TEXT, contrastRatio } from "~/domain/contrast";
import { TEST_SHOP } from "../support/shop-identity";

const UNSUBSCRIBE = "https://crm.example/unsubscribe?token=abc.def";
const LOGO = "https://crm.example.com/brand/logo/demo-shop.myshopify.com/" + "a".repeat(64) + ".png";
const BRAND: Brand = { logoUrl: LOGO, accent: "#8a4b2a", buttonFill: "filled", buttonShape: "pill", font: "serif" };
const branded: ShopIdentity = { ...TEST_SHOP, brand: BRAND };

const BUTTON_BODY = `<p>Your cart is waiting.</p><p><a class="button" href="https://demo-shop.example/cart">Complete your order</a></p>`;

async function render(shop: ShopIdentity, body = BUTTON_BODY) {
  const result = await renderEmail({
    scenario: "cart-recovery",
    locale: "en",
    template: { subject: "Your cart", preheader: "Still there", body },
    vars: sampleVars("cart-recovery", "en"),
    shop,
    unsubscribeUrl: UNSUBSCRIBE,
  });
  if (!result.ok) throw new Error(result.error);
  return result.email.html;
}

describe("a branded email", () => {
  it("shows the logo at its absolute URL, named by the shop, at most 200px wide, linking to the store", async () => {
    const html = await render(branded);
    const img = /<img\b[^>]*>/.exec(html)?.[0] ?? "";
    expect(img).toContain(`src="${LOGO}"`);
    expect(img).toContain(`alt="${TEST_SHOP.name}"`);
    expect(Number(/width="(\d+)"/.exec(img)?.[1])).toBeLessThanOrEqual(200);
    expect(html).toMatch(new RegExp(`<a\\s+href="${TEST_SHOP.url}"[^>]*>\\s*<img`));
  });

  it("draws links and buttons in the accent and sets the chosen font", async () => {
    const html = await render(branded);
    expect(html).toContain("a { color: #8a4b2a; }");
    expect(html).toMatch(/<a style="[^"]*background:#8a4b2a;color:#ffffff;[^"]*border-radius:999px[^"]*" class="button" href="https:\/\/demo-shop.example\/cart">Complete your order<\/a>/);
    expect(html).toContain(`font-family:${FONT_STACKS.serif};`);
  });

  it("shows the shop's name in text when there is no logo, and escapes a hostile name and logo URL", async () => {
    const plain = await render({ ...TEST_SHOP, name: `Tom & "Jerry" <b>` });
    expect(plain).not.toContain("<img");
    expect(plain).toContain("Tom &#38; &#34;Jerry&#34; &#60;b&#62;");
    const hostile = await render({ ...branded, brand: { ...BRAND, logoUrl: `https://x.example/"><script>alert(1)</script>` } });
    expect(hostile).not.toContain("<script>alert(1)");
  });

  it("keeps transactional buttons in the same brand style", async () => {
    expect(buttonHtml("https://x.example/confirm", "Confirm", BRAND)).toBe(styleButtons(`<p><a class="button" href="https://x.example/confirm">Confirm</a></p>`, BRAND));
    const confirmation = await renderSignupConfirmation({ lang: "en", shop: branded, email: "a@example.com", confirmUrl: "https://crm.example/signup/confirm?token=t", validHours: 48 });
    if (!confirmation.ok) throw new Error(confirmation.error);
    expect(confirmation.html).toContain(`src="${LOGO}"`);
    expect(confirmation.html).toContain("background:#8a4b2a");
  });

  it("gives the same bytes through the frame cache as through MJML whole, and never mixes two shops' brands", async () => {
    const shops: ShopIdentity[] = [
      TEST_SHOP,
      branded,
      { ...branded, brand: { ...BRAND, logoUrl: null, accent: "#0b6bcb", buttonFill: "outline", buttonShape: "square", font: "rounded" } },
      { ...branded, name: `O'Brien & "Sons"`, brand: { ...BRAND, logoUrl: `https://x.example/logo.png?a=1&b="2"` } },
    ];
    for (const shop of shops) {
      const p: LayoutInput = { lang: "en", subject: "S", preheader: "P", bodyHtml: styleButtons(BUTTON_BODY, shop.brand), footerHtml: "<p>Footer</p>", shop };
      const framed = await layoutHtml(p);
      const whole = await renderMjml(layoutSource(p.lang, p.shop, layoutPieces(p)));
      if (!framed.ok || !whole.ok) throw new Error("layout failed");
      expect(framed.html).toBe(whole.html);
      expect(framed.html).toContain(`a { color: ${shop.brand.accent}; }`);
    }
  });
});

describe("the footer", () => {
  it("reads at WCAG AA: its 12px text colour against the page colour, as rendered", async () => {
    const html = await render(TEST_SHOP);
    const footer = /style="[^"]*font-size:12px;[^"]*color:(#[0-9a-f]{6});"/i.exec(html);
    const page = /<body[^>]*background-color:(#[0-9a-f]{6})/i.exec(html);
    expect(footer?.[1]).toBe(EMAIL_PALETTE.footerText);
    expect(page?.[1]).toBe(EMAIL_PALETTE.page);
    expect(contrastRatio(footer![1], page![1])).toBeGreaterThanOrEqual(AA_TEXT);
  });
});
