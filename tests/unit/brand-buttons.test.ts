// Buttons in the shop's style: every `<a class="button">` without a style of its own gets the brand's
// inline style, nothing else in the markup changes, and hostile values stay escaped.
import { describe, expect, it } from "vitest";
import { buttonStyle, styleButtons } from "~/.server/channels/email/brand-buttons";
import { DEFAULT_BRAND, type Brand } from "~/domain/brand";

const yellow: Brand = { ...DEFAULT_BRAND, accent: "#ffd400", buttonFill: "filled", buttonShape: "pill" };

describe("styleButtons", () => {
  it("styles anchors whose class list holds button, and only those", () => {
    const html = `<p><a class="button" href="https://shop.example/cart">Complete your order</a> <a href="https://shop.example">Home</a> <a class="big button primary" href='https://x.example'>Go</a> <a class="buttons" href="#">No</a> <abbr class="button">A</abbr></p>`;
    const out = styleButtons(html, yellow);
    const style = buttonStyle(yellow);
    expect(out).toBe(
      `<p><a style="${style}" class="button" href="https://shop.example/cart">Complete your order</a> <a href="https://shop.example">Home</a> <a style="${style}" class="big button primary" href='https://x.example'>Go</a> <a class="buttons" href="#">No</a> <abbr class="button">A</abbr></p>`,
    );
    expect(style).toContain("background:#ffd400");
    expect(style).toContain("color:#111111");
    expect(style).toContain("border-radius:999px");
  });

  it("keeps a style the template set itself", () => {
    const html = `<a class="button" style="color:red" href="https://x.example">X</a>`;
    expect(styleButtons(html, yellow)).toBe(html);
  });

  it("draws outline buttons as the accent on white, with square corners", () => {
    const style = buttonStyle({ accent: "#0b6bcb", buttonFill: "outline", buttonShape: "square" });
    expect(style).toContain("background:#ffffff");
    expect(style).toContain("color:#0b6bcb");
    expect(style).toContain("border:2px solid #0b6bcb");
    expect(style).toContain("border-radius:0");
  });

  it("leaves escaped hostile values as they were and adds no markup inside them", () => {
    const hostile = `<a class="button" href="https://x.example/?q=&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" title="&#34; onmouseover=&#34;alert(1)">&lt;img src=x onerror=alert(1)&gt;</a>`;
    const out = styleButtons(hostile, yellow);
    expect(out).toBe(hostile.replace("<a ", `<a style="${buttonStyle(yellow)}" `));
    expect(out).not.toContain("<script");
    expect(out).not.toContain("<img");
    // A class attribute that only mentions the word inside another value does not make a button.
    const sneaky = `<a title="class=button" href="#">x</a><a data-x='class="button"' href="#">y</a>`;
    expect(styleButtons(sneaky, yellow)).toBe(sneaky);
  });

  it("leaves a malformed tag alone", () => {
    const broken = `<a class="button" href="https://x.example`;
    expect(styleButtons(broken, yellow)).toBe(broken);
  });
});
