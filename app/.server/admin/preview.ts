// The editor's live preview: the unsaved template rendered by the same renderer as real sends, for
// the customers who break emails most often. Validation errors come back too, to show them inline.
import type { Shop } from "@prisma/client";
import { renderEmail } from "~/.server/channels/email/render";
import type { EmailTemplate } from "~/.server/channels/email/templates";
import { templateSlot } from "~/.server/channels/email/templates";
import { sampleVars, templateKey, type EmailScenarioKey, type TemplateVars } from "~/.server/channels/email/variables";
import { shopIdentity, storefrontUrl } from "~/.server/dispatch/facts";
import { SCENARIOS } from "~/domain/scenarios";
import type { AbLanguage } from "~/domain/ab-test";
import type { MessageKey } from "~/i18n";
import { checkTemplates } from "./editor";
import type { FieldErrors } from "./scenario-form";

export type SampleProfile = {
  id: "no-name" | "korean" | "long-name" | "zero-orders" | "repeat";
  label: MessageKey;
  customer: TemplateVars["customer"];
  ordersCount: number;
};

export const SAMPLE_PROFILES: SampleProfile[] = [
  { id: "no-name", label: "profile.noName", customer: { first_name: null, last_name: null, email: "guest@example.com" }, ordersCount: 0 },
  { id: "korean", label: "profile.korean", customer: { first_name: "서연", last_name: "박", email: "seoyeon.park@example.kr" }, ordersCount: 1 },
  {
    id: "long-name",
    label: "profile.longName",
    customer: {
      first_name: "Maximiliana Alexandrina Josephine-Bartholomew",
      last_name: "Featherstonehaugh-Wolfeschlegelsteinhausenbergerdorff",
      email: "maximiliana.featherstonehaugh@example.com",
    },
    ordersCount: 2,
  },
  { id: "zero-orders", label: "profile.zeroOrders", customer: { first_name: "Ada", last_name: "Lovelace", email: "ada@example.com" }, ordersCount: 0 },
  { id: "repeat", label: "profile.repeat", customer: { first_name: "Jordan", last_name: "Lee", email: "jordan@example.com" }, ordersCount: 7 },
];

export type PreviewItem =
  | { profile: SampleProfile["id"]; label: MessageKey; ok: true; sender: string; subject: string; preheader: string; html: string; skippedBecause: MessageKey | null }
  | { profile: SampleProfile["id"]; label: MessageKey; ok: false; error: string };

export type PreviewResult = { errors: FieldErrors; items: PreviewItem[] };

/** Before onboarding the sender may be blank; the preview still shows where it will appear. */
function previewIdentity(shop: Shop, appUrl: string) {
  const identity = shopIdentity(shop, appUrl);
  return { ...identity, senderEmail: identity.senderEmail || "sender@example.com", postalAddress: identity.postalAddress || "—" };
}

export async function previewTemplate(
  shop: Shop,
  scenario: EmailScenarioKey,
  lang: AbLanguage,
  template: EmailTemplate,
  subjectB: string | null,
  urls: { appUrl: string; unsubscribeUrl: string },
  step = 0,
): Promise<PreviewResult> {
  const { appUrl, unsubscribeUrl } = urls;
  const errors = checkTemplates(scenario, shop, { [templateSlot(lang, step)]: template }, subjectB && step === 0 ? { [lang]: subjectB } : {}, () => template);
  const base = sampleVars(templateKey(scenario, step), lang);
  const items: PreviewItem[] = [];
  const identity = previewIdentity(shop, appUrl);
  for (const profile of SAMPLE_PROFILES) {
    const vars: TemplateVars = { ...base, shop: { name: shop.name, url: storefrontUrl(shop) }, customer: profile.customer };
    const rendered = await renderEmail({ scenario, step, locale: lang, template, vars, shop: identity, unsubscribeUrl });
    const common = { profile: profile.id, label: profile.label };
    if (!rendered.ok) {
      items.push({ ...common, ok: false, error: rendered.error });
      continue;
    }
    const skippedBecause = SCENARIOS[scenario].firstOrderOnly && profile.ordersCount > 0 ? "editor.previewNote.firstOrderOnly" : null;
    items.push({ ...common, ok: true, sender: identity.senderName, subject: rendered.email.subject, preheader: rendered.email.preheader, html: rendered.email.html, skippedBecause });
  }
  return { errors, items };
}
