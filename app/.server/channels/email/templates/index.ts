import { templateSlot } from "~/domain/template-slot";
import { languageOf, type TemplateKey } from "../variables";
import { EN } from "./en";
import { KO } from "./ko";
import type { EmailTemplate } from "./types";

export { AD_MARK, type EmailTemplate } from "./types";

/** The built-in wording: "ko*" locales get Korean, every other locale English. */
export function defaultTemplate(scenario: TemplateKey, locale: string): EmailTemplate {
  return (languageOf(locale) === "ko" ? KO : EN)[scenario];
}

function asTemplate(value: unknown): EmailTemplate | null {
  if (!value || typeof value !== "object") return null;
  const { subject, preheader, body } = value as Record<string, unknown>;
  return typeof subject === "string" && typeof preheader === "string" && typeof body === "string" ? { subject, preheader, body } : null;
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
