import { describe, expect, it } from "vitest";
import { compileContext, templateFromBlocks, templateFromInput } from "~/.server/channels/email/blocks";
import { liquidHtml } from "~/.server/channels/email/liquid";
import { validateTemplate } from "~/.server/channels/email/validate";
import { sampleVars } from "~/.server/channels/email/variables";
import { BLOCK_TYPES, compileBlock, compileBlocks, documentVariables, escapeText, newBlock, parseBlockDocument, type BlockDocument, type EmailBlock } from "~/domain/email-blocks";

const EN = compileContext("cart-recovery", "en");
const doc = (blocks: EmailBlock[], fallbacks: Record<string, string> = {}): BlockDocument => ({ blocks, fallbacks });
const render = (body: string, vars: object) => liquidHtml.parseAndRenderSync(body, vars);

describe("the block compiler", () => {
  it("compiles every block type to Liquid the save-time check accepts", () => {
    const blocks = BLOCK_TYPES.map((type) => (type === "image" ? { type, src: "https://cdn.example/hero.png", alt: "Our beans" } : newBlock(type, "en"))) as EmailBlock[];
    const template = templateFromBlocks("welcome", "en", { subject: "Hi", preheader: "" }, doc(blocks.filter((b) => b.type !== "products")));
    expect(validateTemplate("welcome", template, { koreanAdRules: false, locale: "en" })).toEqual({ ok: true });
    const cart = templateFromBlocks("cart-recovery", "en", { subject: "Hi", preheader: "" }, doc([{ type: "products", source: "checkout.items" }]));
    expect(validateTemplate("cart-recovery", cart, { koreanAdRules: false, locale: "en" })).toEqual({ ok: true });
  });

  it("gives each block its markup", () => {
    const one = (block: EmailBlock) => compileBlock(block, doc([block]), EN);
    expect(one({ type: "heading", text: "Hello" })).toMatch(/^<h2 [^>]*>Hello<\/h2>$/);
    expect(one({ type: "text", text: "One\ntwo\n\nThree" })).toBe("<p>One<br>two</p>\n<p>Three</p>");
    expect(one({ type: "button", label: "Finish", href: "checkout.url" })).toContain('<a class="button" href="{{ checkout.url }}">Finish</a>');
    expect(one({ type: "button", label: "Sale", href: "https://shop.example/sale?a=1&b=2" })).toContain('href="https://shop.example/sale?a=1&#38;b=2"');
    expect(one({ type: "image", src: "https://cdn.example/a.png", alt: "A cup", width: 300 })).toContain('<img src="https://cdn.example/a.png" alt="A cup" width="300"');
    expect(one({ type: "coupon", text: "Until {{ coupon.ends_at }}" })).toContain("{{ coupon.code }}");
    expect(one({ type: "divider" })).toMatch(/^<hr /);
    expect(one({ type: "spacer", size: "large" })).toContain("height:40px");
    expect(one({ type: "products", source: "checkout.items" })).toMatch(/^\{% if checkout\.items\.size > 0 %\}\{% for item in checkout\.items %\}.*\{% endfor %\}\{% endif %\}$/);
  });

  it("keeps hostile text as text: markup is escaped and no Liquid can be opened", () => {
    const hostile = `<script>alert(1)</script> {% assign x = 1 %}{{ shop.name | raw }} {{ customer.email }}"><img src=x onerror=alert(1)>`;
    const body = compileBlocks(doc([{ type: "text", text: hostile }, { type: "heading", text: hostile }]), EN);
    expect(body).not.toMatch(/<script|<img|\{%/);
    // The one well-formed chip is a variable; the rest is inert text.
    const html = render(body, { ...sampleVars("cart-recovery", "en"), shop: { name: "<b>Shop</b>", url: "https://s.example" } });
    expect(html).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(html).toContain("&#123;% assign x = 1 %&#125;&#123;&#123; shop.name | raw &#125;&#125;");
    expect(html).toContain("ada@example.com");
    expect(html).not.toContain("<b>Shop</b>");
  });

  it("gives optional variables their fallback: the document's, else the language's", () => {
    const hi = doc([{ type: "text", text: "Hi {{ customer.first_name }}" }]);
    const noName = { ...sampleVars("cart-recovery", "en"), customer: { first_name: null, last_name: null, email: "guest@example.com" } };
    expect(render(compileBlocks(hi, EN), noName)).toBe("<p>Hi there</p>");
    expect(render(compileBlocks({ ...hi, fallbacks: { "customer.first_name": "friend" } }, EN), noName)).toBe("<p>Hi friend</p>");
    expect(render(compileBlocks(hi, compileContext("cart-recovery", "ko")), noName)).toBe("<p>Hi 고객</p>");
    expect(documentVariables(hi)).toEqual(["customer.first_name"]);
  });

  it("renders a product without a picture as a card with no image", () => {
    const body = compileBlocks(doc([{ type: "products", source: "checkout.items" }]), EN);
    const items = [
      { title: "Beans", variant_title: "250 g", quantity: 1, price: "$16.00", url: "https://s.example/products/beans", image_url: "https://cdn.example/beans.png", image_alt: null },
      { title: "Filters", variant_title: null, quantity: 2, price: "$4.50", url: "https://s.example/products/filters", image_url: null, image_alt: null },
    ];
    const html = render(body, { checkout: { items } });
    expect(html.match(/<img /g)).toHaveLength(1);
    expect(html).toContain('alt="Beans"');
    expect(html).toContain('<a href="https://s.example/products/filters" style="font-weight:600">Filters</a>');
    expect(html).toContain("Qty 2 · $4.50 each");
    expect(html).not.toContain('src=""');
  });

  it("refuses a document a script could post: unknown blocks, http images, links to javascript:, quotes in fallbacks", () => {
    expect(parseBlockDocument({ blocks: [{ type: "html", html: "<script>" }] }).ok).toBe(false);
    expect(parseBlockDocument({ blocks: [{ type: "image", src: "http://x.example/a.png", alt: "a" }] }).ok).toBe(false);
    expect(parseBlockDocument({ blocks: [{ type: "button", label: "Go", href: "javascript:alert(1)" }] }).ok).toBe(false);
    expect(parseBlockDocument({ blocks: [{ type: "text", text: "x", onclick: "y" }] }).ok).toBe(false);
    expect(parseBlockDocument({ blocks: [], fallbacks: { "customer.first_name": '" }}{% raw %}' } }).ok).toBe(false);
    expect(parseBlockDocument({ blocks: Array.from({ length: 61 }, () => ({ type: "divider" })) }).ok).toBe(false);
    expect(parseBlockDocument({ blocks: [{ type: "divider" }] })).toEqual({ ok: true, doc: { blocks: [{ type: "divider" }], fallbacks: {} } });
  });

  it("compiles the body on the server from the posted blocks, whatever body came with them", () => {
    const input = templateFromInput("welcome", "en", { subject: "Hi", preheader: "", body: "<script>x</script>", blocks: { blocks: [{ type: "text", text: "Hello" }] } });
    expect(input).toMatchObject({ ok: true, template: { body: "<p>Hello</p>" } });
    expect(templateFromInput("welcome", "en", { subject: "Hi", preheader: "", body: "<p>Liquid</p>" })).toEqual({ ok: true, template: { subject: "Hi", preheader: "", body: "<p>Liquid</p>" } });
    expect(templateFromInput("welcome", "en", { subject: "Hi", preheader: "", blocks: { blocks: [{ type: "nope" }] } })).toMatchObject({ ok: false, field: "blocks" });
  });

  it("escapes every character that could start markup or Liquid", () => {
    expect(escapeText(`<&>"'{}`)).toBe("&#60;&#38;&#62;&#34;&#39;&#123;&#125;");
  });
});
