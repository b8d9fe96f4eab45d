// The verification email: transactional and plain, in the shop's admin language, from the app itself.
// It carries no offer and no tracking, and says what happens if it is ignored (nothing).
import { translator, type AdminLang } from "~/i18n";
import { escapeHtml } from "~/.server/channels/email/layout";

export type VerificationEmailInput = { lang: AdminLang; shopName: string; email: string; url: string; validHours: number };

export function renderVerificationEmail(p: VerificationEmailInput): { subject: string; text: string; html: string } {
  const t = translator(p.lang);
  const names = { shop: p.shopName, email: p.email };
  const before = [t("senderVerify.email.intro", names), t("senderVerify.email.action")];
  const after = [t("senderVerify.email.valid", { hours: p.validHours }), t("senderVerify.email.ignore")];
  const text = [...before, "", p.url, "", ...after].join("\n");
  const html = [
    ...before.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(p.url)}">${escapeHtml(p.url)}</a></p>`,
    ...after.map((line) => `<p>${escapeHtml(line)}</p>`),
  ].join("\n");
  return { subject: t("senderVerify.email.subject", names), text, html };
}
