// Sends a two-yearly consent notice (~/domain/consent-notice): checked against the facts of now — the
// consent it reports must still stand — then sent at once, outside the budget and the quiet hours.
import type { Message } from "@prisma/client";
import { noticeApplies } from "~/domain/consent-notice";
import type { SkipReason } from "~/domain/types";
import { recordBounce } from "~/.server/channels/email/bounces";
import { renderConsentNotice } from "~/.server/channels/email/consent-notice";
import { formatDate, languageOf } from "~/.server/channels/email/variables";
import { markSkipped, reasonText } from "~/.server/queue/complete";
import { failOrRetry, markFailed } from "~/.server/queue/fail";
import { koreanAdRulesApply } from "~/.server/shops";
import { signUnsubscribeToken, unsubscribeUrl } from "~/.server/tracking/unsubscribe";
import { senderFor } from "~/domain/sender";
import { messageLocale, shopIdentity, type MessageContext, type ShopView } from "./facts";
import { outcome, type Progress } from "./outcome";
import type { DispatchOutcome, Pass } from "./types";

/** Why the notice is not owed any more, or null to send it. */
function stillOwed(m: Message, shop: ShopView, ctx: MessageContext): { reason: SkipReason; detail?: string } | null {
  if (shop.row.uninstalledAt) return { reason: "shop_uninstalled" };
  if (!noticeApplies(koreanAdRulesApply(shop.row), ctx.customer?.locale ?? null)) {
    return { reason: "no_longer_relevant", detail: "the shop no longer follows Korean rules and the reader's language is not Korean" };
  }
  if (!shop.senderReady) return { reason: "sender_not_configured" };
  if (!m.email?.trim()) return { reason: "no_email" };
  // A sunset reader is still a subscriber: the law wants them told. An unsubscribe or a bounce ends it.
  if (ctx.suppressed === "bounced") return { reason: "bounced" };
  if (ctx.suppressed && ctx.suppressed !== "sunset") return { reason: "unsubscribed", detail: "withdrew consent through our link" };
  if (ctx.customer?.emailConsent !== "subscribed") return { reason: "no_consent", detail: "consent was withdrawn since" };
  if (ctx.customer.consentUpdatedAt?.getTime() !== m.triggeredAt.getTime()) {
    return { reason: "no_longer_relevant", detail: "consent was given again since: its two years start again" };
  }
  return null;
}

export async function deliverConsentNotice(pass: Pass, m: Message, shop: ShopView, ctx: MessageContext, progress: Progress): Promise<DispatchOutcome | null> {
  const { deps, now } = pass;
  const { db } = deps.services;
  const owed = stillOwed(m, shop, ctx);
  if (owed) return (await markSkipped(db, m, owed.reason, owed.detail)) ? outcome(m, "skipped", reasonText(owed.reason, owed.detail)) : null;
  const email = m.email!;
  const attempts = (progress.attempts = await pass.record.attempt(m));
  if (attempts === null) return null;

  const locale = messageLocale(ctx);
  const link = unsubscribeUrl(deps.identity.appUrl, signUnsubscribeToken({ shop: m.shop, email, messageKey: m.key }, deps.identity.secret));
  const rendered = await renderConsentNotice({
    lang: languageOf(locale),
    shop: shopIdentity(shop.row, deps.identity.appUrl),
    email,
    firstName: ctx.customer?.firstName ?? null,
    consentedOn: formatDate(m.triggeredAt, locale, shop.row.timezone),
    unsubscribeUrl: link,
  });
  if (!rendered.ok) return (await markFailed(db, m, "template_refused", rendered.error)) ? outcome(m, "failed", reasonText("template_refused", rendered.error)) : null;

  const result = await deps.services.transport.send({ ...senderFor(shop.row, deps.identity.defaultFrom), to: email, subject: rendered.subject, html: rendered.html, text: rendered.text, messageKey: m.key, scenario: m.scenario, unsubscribeUrl: link });
  if (!result.ok && result.bounced) {
    if (!(await markFailed(db, m, "bounced", result.error))) return null;
    await recordBounce(db, { shop: m.shop, email, at: now });
    return outcome(m, "failed", reasonText("bounced", result.error));
  }
  if (!result.ok) {
    const failed = await failOrRetry(db, m, { now, error: result.error, transient: result.transient, attempts, random: deps.services.random, maxAttempts: deps.tuning?.maxAttempts });
    return failed && outcome(m, failed.status, failed.reason, failed.status === "deferred" ? failed.runAt : m.runAt);
  }
  return (await pass.record.sent(m, { providerMessageId: result.providerMessageId, renderedSubject: rendered.subject, locale })) ? outcome(m, "sent", null) : null;
}
