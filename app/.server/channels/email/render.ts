// Template + values → subject, preheader, HTML and plain text. Refuses (as a value, never a throw)
// anything a shopper should not receive: missing values, broken Liquid, a non-compliant subject.
import { compile } from "html-to-text";
import { footerHtml, type ShopIdentity } from "./layout";
import { layoutHtml } from "./layout-frame";
import { liquidHtml, liquidText, renderLiquid } from "./liquid";
import { defaultTemplate, type EmailTemplate } from "./templates";
import { validateTemplateOnce } from "./validate";
import { languageOf, missingVariables, templateKey, type EmailScenarioKey, type TemplateVars } from "./variables";

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

export const AD_PREFIX = "(광고)";

/** Compiled once: html-to-text's `convert` would rebuild its selector machinery for every email. */
const plainText = compile({
  wordwrap: 78,
  selectors: [{ selector: "a", options: { hideLinkHrefIfSameAsText: true } }],
});

/** Headers are one line: a newline in a customer's name must not start a new header or paragraph. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function renderEmail(input: RenderInput): Promise<RenderResult> {
  const { scenario, shop } = input;
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
  const template = input.template ?? defaultTemplate(kind, input.locale);
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
  if (shop.koreanAdRules && !subject.startsWith(AD_PREFIX)) {
    return { ok: false, error: `Korean advertising rules: the subject must start with "${AD_PREFIX}" (got "${subject}")` };
  }
  if (input.test) subject = `[TEST] ${subject}`;

  const footer = footerHtml({ scenario, lang, shop, unsubscribeUrl: input.unsubscribeUrl });
  const layout = await layoutHtml({ lang, subject, preheader, bodyHtml: body, footerHtml: footer, shop });
  if (!layout.ok) return layout;
  const text = plainText(`${body}\n${footer}`);
  return { ok: true, email: { subject, preheader, html: layout.html, text } };
}
