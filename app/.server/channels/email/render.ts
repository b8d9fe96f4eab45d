// Template + values → subject, preheader, HTML and plain text. Refuses (as a value, never a throw)
// anything a shopper should not receive: missing values, broken Liquid, a non-compliant subject.
import { compile } from "html-to-text";
import { styleButtons } from "./brand-buttons";
import { isKoreanLocale, stripAdMark, withAdPrefix } from "~/domain/korean-ads";
import { footerHtml, type ShopIdentity } from "./layout";
import { layoutHtml } from "./layout-frame";
import { liquidHtml, liquidText, renderLiquid } from "./liquid";
import { defaultTemplate, type EmailTemplate } from "./templates";
import { validateTemplateOnce } from "./validate";
import { languageOf, missingVariables, percentOffMisused, templateKey, type EmailScenarioKey, type TemplateVars } from "./variables";

export type { ShopIdentity } from "./layout";

export type RenderInput = {
  scenario: EmailScenarioKey;
  /** The message's step (from 0): a later step with its own email (~/.server/channels/email/variables STEP_TEMPLATES) renders that one. */
  step?: number;
  locale: string;
  /** The merchant's template, or null for the default in the message's language. */
  template: EmailTemplate | null;
  vars: TemplateVars;
  shop: ShopIdentity;
  unsubscribeUrl: string;
  test?: boolean;
};

export type RenderedEmail = { subject: string; preheader: string; html: string; text: string };

export type RenderResult = { ok: true; email: RenderedEmail } | { ok: false; error: string };

export { AD_PREFIX } from "~/domain/korean-ads";

/** Compiled once: html-to-text's `convert` would rebuild its selector machinery for every email. */
const plainText = compile({
  wordwrap: 78,
  // A picture's address means nothing to a plain-text reader: the product's name and link carry it.
  selectors: [
    { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
    { selector: "img", format: "skip" },
  ],
});

/** Headers are one line: a newline in a customer's name must not start a new header or paragraph. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function renderEmail(input: RenderInput): Promise<RenderResult> {
  const { scenario } = input;
  // Every email rendered here is marketing; the rules follow the message's language too (ADR 018).
  const shop: ShopIdentity = { ...input.shop, koreanAdRules: input.shop.koreanAdRules || isKoreanLocale(input.locale) };
  const kind = templateKey(scenario, input.step);
  const lang = languageOf(input.locale);
  const given: TemplateVars = { ...input.vars, unsubscribe_url: input.unsubscribeUrl };
  const missing = missingVariables(kind, given);
  if (missing.length > 0) return { ok: false, error: `missing values for ${missing.join(", ")}` };

  if (input.template) {
    // Stored templates were checked at save; the rules (or the catalogue) may have changed since.
    const verdict = validateTemplateOnce(kind, input.template, { koreanAdRules: shop.koreanAdRules, locale: input.locale });
    if (!verdict.ok) return { ok: false, error: `template refused: ${verdict.errors.map((e) => `${e.field}: ${e.message}`).join("; ")}` };
  }
  const chosen = input.template ?? defaultTemplate(kind, input.locale);
  // A subject saved with the old "(광고)" condition or a typed prefix still gets exactly one prefix.
  const template = { ...chosen, subject: stripAdMark(chosen.subject) };
  if (percentOffMisused([template.subject, template.preheader, template.body], given)) {
    return { ok: false, error: "the template shows coupon.percent_off, but this code takes a fixed amount off: use coupon.value" };
  }
  const vars = { ...given, shop: { ...input.vars.shop, korean_ad_rules: shop.koreanAdRules } };

  let subject: string;
  let preheader: string;
  let body: string;
  try {
    subject = oneLine(await renderLiquid(liquidText, template.subject, vars));
    preheader = oneLine(await renderLiquid(liquidText, template.preheader, vars));
    body = await renderLiquid(liquidHtml, template.body, vars);
  } catch (e) {
    return { ok: false, error: `template could not be rendered: ${message(e)}` };
  }
  if (!subject) return { ok: false, error: "the rendered subject is empty" };
  // A template saved before preheaders were required: the inbox line gets the body's first words,
  // as clients would show them, rather than whatever markup comes first.
  if (!preheader) preheader = oneLine(plainText(body)).slice(0, 140);
  subject = withAdPrefix(subject, shop.koreanAdRules);
  if (input.test) subject = `[TEST] ${subject}`;

  const footer = footerHtml({ scenario, lang, shop, unsubscribeUrl: input.unsubscribeUrl });
  const bodyHtml = styleButtons(body, shop.brand);
  const layout = await layoutHtml({ lang, subject, preheader, bodyHtml, footerHtml: footer, shop });
  if (!layout.ok) return layout;
  const text = plainText(`${body}\n${footer}`);
  return { ok: true, email: { subject, preheader, html: layout.html, text } };
}
