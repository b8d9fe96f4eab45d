// Blocks as a scenario's email: the compile context comes from the scenario's variables, so an
// optional variable gets its fallback in the language of the email.
import { compileBlocks, parseBlockDocument, type BlockDocument, type CompileContext } from "~/domain/email-blocks";
import type { EmailTemplate } from "./templates/types";
import { languageOf, nameFallback, VARIABLES, type TemplateKey } from "./variables";

export function compileContext(key: TemplateKey, locale: string): CompileContext {
  const lang = languageOf(locale);
  return {
    lang,
    optional: VARIABLES[key].filter((v) => !v.required).map((v) => v.path),
    defaultFallback: (path) => (path === "customer.first_name" ? nameFallback(lang) : ""),
  };
}

/** The email the blocks stand for; `blocks` is kept so the editor can show them again. */
export function templateFromBlocks(key: TemplateKey, locale: string, head: { subject: string; preheader: string }, doc: BlockDocument): EmailTemplate {
  return { subject: head.subject, preheader: head.preheader, body: compileBlocks(doc, compileContext(key, locale)), blocks: doc };
}

export type TemplateInput = { ok: true; template: EmailTemplate } | { ok: false; field: "blocks" | "body"; error: string };

/**
 * A template as the editor posts it: with blocks, the body is compiled here from them (whatever body
 * came along); without, the Liquid fields as typed. Nothing else is kept.
 */
export function templateFromInput(key: TemplateKey, locale: string, raw: unknown): TemplateInput {
  if (!raw || typeof raw !== "object") return { ok: false, field: "body", error: "The template is missing." };
  const { subject, preheader, body, blocks } = raw as Record<string, unknown>;
  if (typeof subject !== "string" || typeof preheader !== "string") return { ok: false, field: "body", error: "The subject or preheader is missing." };
  if (blocks !== undefined && blocks !== null) {
    const parsed = parseBlockDocument(blocks);
    if (!parsed.ok) return { ok: false, field: "blocks", error: `A block is not valid: ${parsed.error}.` };
    return { ok: true, template: templateFromBlocks(key, locale, { subject, preheader }, parsed.doc) };
  }
  if (typeof body !== "string") return { ok: false, field: "body", error: "The body is missing." };
  return { ok: true, template: { subject, preheader, body } };
}
