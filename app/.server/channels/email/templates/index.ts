import { templateSlot } from "~/domain/template-slot";
import { parseBlockDocument } from "~/domain/email-blocks";
import { templateFromBlocks } from "../blocks";
import { languageOf, type TemplateKey } from "../variables";
import { EN } from "./en";
import { KO } from "./ko";
import type { EmailTemplate } from "./types";

export type { EmailTemplate, BlockTemplate } from "./types";

const compiled = new Map<string, EmailTemplate>();

/** The built-in email, compiled from its blocks: "ko*" locales get Korean, every other locale English. */
export function defaultTemplate(scenario: TemplateKey, locale: string): EmailTemplate {
  const lang = languageOf(locale);
  const key = `${lang}:${scenario}`;
  let template = compiled.get(key);
  if (!template) {
    const { subject, preheader, blocks } = (lang === "ko" ? KO : EN)[scenario];
    template = templateFromBlocks(scenario, lang, { subject, preheader }, { blocks, fallbacks: {} });
    compiled.set(key, template);
  }
  return template;
}

function asTemplate(value: unknown): EmailTemplate | null {
  if (!value || typeof value !== "object") return null;
  const { subject, preheader, body, blocks } = value as Record<string, unknown>;
  if (typeof subject !== "string" || typeof preheader !== "string" || typeof body !== "string") return null;
  const doc = blocks === undefined ? null : parseBlockDocument(blocks);
  return doc?.ok ? { subject, preheader, body, blocks: doc.doc } : { subject, preheader, body };
}

export { templateSlot };

function slotOf(key: string): { locale: string; step: number } {
  const [locale, step] = key.split("#");
  return { locale, step: step === undefined ? 0 : Number(step) };
}

/**
 * The merchant's saved template for a locale and step (as stored in ScenarioSetting.templates), or null
 * to use the default: the exact locale first, then any saved locale of the same language.
 */
export function pickStoredTemplate(stored: Record<string, unknown>, locale: string, step = 0): EmailTemplate | null {
  const exact = asTemplate(stored[templateSlot(locale, step)]);
  if (exact) return exact;
  const lang = languageOf(locale);
  for (const [key, value] of Object.entries(stored).sort(([a], [b]) => a.localeCompare(b))) {
    const slot = slotOf(key);
    const template = asTemplate(value);
    if (template && slot.step === step && languageOf(slot.locale) === lang) return template;
  }
  return null;
}
