// The email frame is compiled by MJML once per shop and language, then filled per message: what a
// shopper receives must be byte for byte what rendering the whole email through MJML gives.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { footerHtml, layoutPieces, layoutSource, renderMjml, type LayoutInput, type ShopIdentity } from "~/.server/channels/email/layout";
import { layoutHtml, plainMarkup } from "~/.server/channels/email/layout-frame";
import { liquidHtml, liquidText } from "~/.server/channels/email/liquid";
import { defaultTemplate } from "~/.server/channels/email/templates";
import { EMAIL_SCENARIOS, languageOf, sampleVars, type Lang } from "~/.server/channels/email/variables";
import { TEST_SHOP } from "../support/shop-identity";

const shop: ShopIdentity = TEST_SHOP;
const UNSUBSCRIBE = "https://crm.example/unsubscribe?token=abc.def";

async function bothWays(p: LayoutInput): Promise<{ framed: string; whole: string }> {
  const framed = await layoutHtml(p);
  const whole = await renderMjml(layoutSource(p.lang, p.shop, layoutPieces(p)));
  if (!framed.ok || !whole.ok) throw new Error(`layout failed: ${JSON.stringify({ framed, whole })}`);
  return { framed: framed.html, whole: whole.html };
}

const NAMES = [null, "Ada", "지민", "Maximiliana-Alexandra Featherstonehaugh-Worthington ".repeat(4), `<script>alert("x")</script>`, `O'Brien & "Sons"`];

describe("the compiled email frame", () => {
  it("gives every default email, in both languages and under the Korean rules, exactly what MJML gives", async () => {
    for (const scenario of EMAIL_SCENARIOS) {
      for (const locale of ["en", "ko"]) {
        for (const koreanAdRules of [false, true]) {
          for (const first of NAMES) {
            const lang: Lang = languageOf(locale);
            const sample = sampleVars(scenario, locale);
            const vars = { ...sample, customer: { ...sample.customer, first_name: first }, shop: { ...sample.shop, korean_ad_rules: koreanAdRules } };
            const template = defaultTemplate(scenario, locale);
            const identity = { ...shop, koreanAdRules, name: first ?? shop.name };
            const p: LayoutInput = {
              lang,
              subject: await liquidText.parseAndRender(template.subject, vars),
              preheader: await liquidText.parseAndRender(template.preheader, vars),
              bodyHtml: await liquidHtml.parseAndRender(template.body, vars),
              footerHtml: footerHtml({ scenario, lang, shop: identity, unsubscribeUrl: UNSUBSCRIBE }),
              shop: identity,
            };
            const { framed, whole } = await bothWays(p);
            expect(framed).toBe(whole);
          }
        }
      }
    }
  });

  it("fills the frame for plain bodies and leaves markup MJML would act on to MJML", () => {
    const welcome = liquidHtml.parseAndRenderSync(defaultTemplate("welcome", "en").body, sampleVars("welcome", "en"));
    expect(plainMarkup(welcome.trim())).toBe(true);
    expect(plainMarkup(footerHtml({ scenario: "welcome", lang: "ko", shop: { ...shop, koreanAdRules: true }, unsubscribeUrl: UNSUBSCRIBE }))).toBe(true);
    for (const odd of ["<!-- note -->", "<!--[if mso]>x<![endif]-->", "</mj-text><mj-raw>", "<style>p{}</style>", `<p style="font-family: Lato">`, "a < b", "</ p>", "<a href='x>"]) {
      expect(plainMarkup(odd)).toBe(false);
    }
  });

  it("matches MJML for any mix of markup, comments, conditionals, quotes and stray brackets", async () => {
    const fragment = fc.constantFrom(
      "<p>",
      "</p>",
      "Hi ",
      "지민",
      '<a href="https://demo-shop.example/x?a=1&amp;b=2">',
      "</a>",
      "<br/>",
      "<br>",
      "<!-- c -->",
      "<!--[if mso | IE]>",
      "<![endif]-->",
      "<mj-text>",
      "</mj-text>",
      "<style>",
      "<script>",
      "font-family: Lato",
      "Open Sans",
      '"',
      "'",
      "<",
      ">",
      "&",
      "</ x>",
      "<ul><li>one</li></ul>",
      " ",
      "\n",
      "crmframeslotbodyq",
      '<span style="color:red">',
      "<td align=center>",
    );
    const text = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(""));
    await fc.assert(
      fc.asyncProperty(text, text, text, text, fc.constantFrom<Lang>("en", "ko"), fc.constantFrom("Demo Coffee", `Tom & "Jerry"`, "Lato Roasters"), async (subject, preheader, body, footer, lang, name) => {
        const { framed, whole } = await bothWays({ lang, subject, preheader, bodyHtml: body, footerHtml: footer, shop: { ...shop, name } });
        expect(framed).toBe(whole);
      }),
      { numRuns: 300 },
    );
  });
});
