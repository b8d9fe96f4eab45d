// What the settings page says about the sender: whether the address is verified, which From the
// shop's email goes out with now, and which until verification. Both come from senderFor, the same
// function the sends use, so the page cannot describe one From while the emails carry another.
import type { Shop } from "@prisma/client";
import { formatDateTime } from "~/components/format";
import { senderFor, senderStatus, type Sender } from "~/domain/sender";
import { adminLang, type Translate } from "~/i18n";
import type { ResendAnswer, VerificationSent } from "~/.server/sender/verification";

export type SenderPanel = {
  state: "not_set" | "verified" | "waiting";
  address: string | null;
  /** ISO times: the last verification email (to `address`), and when another may go (null: now). */
  sentAt: string | null;
  resendAt: string | null;
  /** How the shop's email goes out now. */
  from: string;
  replyTo: string | null;
  /** How it goes out while unverified: the operator's address under the shop's name, replies to the merchant. */
  fallbackFrom: string;
  fallbackReplyTo: string | null;
};

export const formatFrom = (s: Sender) => `${s.from.name} <${s.from.address}>`;

export function senderPanel(shop: Shop, defaultFrom: string, now: Date): SenderPanel {
  const status = senderStatus(shop, now);
  const current = senderFor(shop, defaultFrom);
  const fallback = senderFor({ ...shop, senderVerifiedEmail: null }, defaultFrom);
  const waiting = status.state === "waiting" ? status : null;
  return {
    state: status.state,
    address: status.state === "not_set" ? null : status.address,
    sentAt: waiting?.sentAt?.toISOString() ?? null,
    resendAt: waiting && waiting.resendAt > now ? waiting.resendAt.toISOString() : null,
    from: formatFrom(current),
    replyTo: current.replyTo,
    fallbackFrom: formatFrom(fallback),
    fallbackReplyTo: fallback.replyTo,
  };
}

export type Notice = { tone: "success" | "warning" | "critical"; text: string };

const at = (date: Date, shop: Shop) => formatDateTime(date, adminLang(shop.locale), shop.timezone);

/** The banner after a save that emailed (or failed to email) a new address. */
export function verificationNotice(sent: VerificationSent, t: Translate): Notice {
  return sent.sent ? { tone: "success", text: t("settings.senderVerify.sent", { address: sent.to }) } : { tone: "critical", text: t("settings.senderVerify.failed", { error: sent.error }) };
}

/** The banner after "Resend verification email". */
export function resendNotice(answer: ResendAnswer, shop: Shop, t: Translate): Notice | null {
  if (answer.sent || !("reason" in answer)) return verificationNotice(answer, t);
  if (answer.reason === "too_soon") return { tone: "warning", text: t("settings.senderVerify.resendTooSoon", { time: at(answer.retryAt, shop) }) };
  // Verified meanwhile (in another tab, or from the link), or no address: the page's status says it.
  return null;
}

/** The field error when a new address comes too soon after the last verification email. */
export const tooSoonError = (retryAt: Date, shop: Shop, t: Translate) => t("settings.senderVerify.tooSoon", { time: at(retryAt, shop) });
