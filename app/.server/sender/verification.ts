// Proving a sender address. Saving a new one emails it a signed link (at most one email per shop every
// few minutes, the last one's time in `senderVerifySentAt`); the link's page confirms on POST, and only
// while the address is still the shop's sender address. Until then the shop's email goes From the
// operator's address (~/domain/sender).
import type { Prisma, Shop } from "@prisma/client";
import type { Db } from "~/db.server";
import { nextVerificationAt, sameAddress, senderVerified, SENDER_VERIFY_SPACING_MS, SENDER_VERIFY_TTL_MS } from "~/domain/sender";
import { adminLang, type AdminLang } from "~/i18n";
import { createEmailTransport, type EmailTransport } from "~/.server/channels/email/transport";
import type { Env } from "~/env.server";
import { log } from "~/.server/log";
import { renderVerificationEmail } from "./verification-email";
import { senderVerifyUrl, signSenderToken, verifySenderToken } from "./verify-token";

export type SenderVerifyDeps = {
  db: Db;
  transport: EmailTransport;
  /** The app's public address: the link points at it. */
  appUrl: string;
  secret: string;
  /** The operator's notice sender (CRM_MAIL_FROM): the merchant hears from the app itself here, not from a shop. */
  mailFrom: string;
};

/** Runs `fn` with this environment's mail for verification emails: a transport of its own, closed afterwards. */
export async function withSenderVerifyDeps<T>(db: Db, config: Env, fn: (deps: SenderVerifyDeps) => Promise<T>): Promise<T> {
  const transport = createEmailTransport({ smtpUrl: config.smtpUrl, outboxDir: config.outboxDir });
  try {
    return await fn({ db, transport, appUrl: config.appUrl, secret: config.apiSecret, mailFrom: config.mailFrom });
  } finally {
    transport.close();
  }
}

const spacedOut = (now: Date): Prisma.ShopWhereInput => ({
  OR: [{ senderVerifySentAt: null }, { senderVerifySentAt: { lte: new Date(now.getTime() - SENDER_VERIFY_SPACING_MS) } }],
});

export type VerificationSent = { sent: true; to: string; at: Date } | { sent: false; error: string };

/** Sends the link for the shop's current sender address. The caller has already claimed the slot (`senderVerifySentAt = now`). */
async function sendLink(deps: SenderVerifyDeps, shop: Shop & { senderEmail: string }, now: Date): Promise<VerificationSent> {
  const expiresAt = new Date(now.getTime() + SENDER_VERIFY_TTL_MS);
  const url = senderVerifyUrl(deps.appUrl, signSenderToken({ shop: shop.domain, email: shop.senderEmail, expiresAt }, deps.secret));
  const mail = renderVerificationEmail({ lang: adminLang(shop.locale), shopName: shop.name, email: shop.senderEmail, url, validHours: SENDER_VERIFY_TTL_MS / 3_600_000 });
  const result = await deps.transport.send({
    from: { name: "Timing CRM", address: deps.mailFrom },
    to: shop.senderEmail,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageKey: `${shop.domain}:sender-verify:${now.getTime()}`,
    scenario: "sender-verify",
    unsubscribeUrl: "",
  });
  if (result.ok) {
    log.info({ shop: shop.domain }, "sender verification email sent");
    return { sent: true, to: shop.senderEmail, at: now };
  }
  // Nothing went out: give the slot back, so the merchant can try again at once.
  await deps.db.shop.updateMany({ where: { domain: shop.domain, senderVerifySentAt: now }, data: { senderVerifySentAt: null } });
  log.warn({ shop: shop.domain, transient: result.transient }, `sender verification email not sent: ${result.error}`);
  return { sent: false, error: result.error };
}

export type SenderSave =
  /** `verification`: null when the address needed no email (unchanged, or the one already verified). */
  | { ok: true; verification: VerificationSent | null }
  /** A verification email went out moments ago: a new address waits until `retryAt`, and nothing was saved. */
  | { ok: false; retryAt: Date };

/**
 * Writes the shop's settings, `data` setting the sender address to `email`. A new address that is not
 * the verified one is emailed its link in the same step, so `senderVerifySentAt` always belongs to the
 * current address; when the last email is too recent, the change is refused rather than left unsent.
 */
export async function saveSenderAddress(deps: SenderVerifyDeps, shop: Shop, email: string, data: Prisma.ShopUpdateManyMutationInput, now: Date): Promise<SenderSave> {
  const { db } = deps;
  const needsLink = !sameAddress(email, shop.senderEmail) && !sameAddress(email, shop.senderVerifiedEmail);
  if (!needsLink) {
    await db.shop.update({ where: { domain: shop.domain }, data: { ...data, senderEmail: email } });
    return { ok: true, verification: null };
  }
  const claimed = await db.shop.updateMany({ where: { domain: shop.domain, ...spacedOut(now) }, data: { ...data, senderEmail: email, senderVerifySentAt: now } });
  if (claimed.count !== 1) return { ok: false, retryAt: nextVerificationAt(shop.senderVerifySentAt, now) };
  return { ok: true, verification: await sendLink(deps, { ...shop, senderEmail: email }, now) };
}

export type ResendAnswer = VerificationSent | { sent: false; reason: "not_set" | "already_verified" } | { sent: false; reason: "too_soon"; retryAt: Date };

/** The settings page's "Resend verification" button. */
export async function resendSenderVerification(deps: SenderVerifyDeps, domain: string, now: Date): Promise<ResendAnswer> {
  const { db } = deps;
  const shop = await db.shop.findUnique({ where: { domain } });
  if (!shop?.senderEmail) return { sent: false, reason: "not_set" };
  if (senderVerified(shop)) return { sent: false, reason: "already_verified" };
  const claimed = await db.shop.updateMany({ where: { domain, senderEmail: shop.senderEmail, ...spacedOut(now) }, data: { senderVerifySentAt: now } });
  if (claimed.count !== 1) return { sent: false, reason: "too_soon", retryAt: nextVerificationAt(shop.senderVerifySentAt, now) };
  return sendLink(deps, { ...shop, senderEmail: shop.senderEmail }, now);
}

export type SenderLink =
  | { ok: true; state: "pending" | "verified"; shop: string; shopName: string; email: string; lang: AdminLang }
  /** changed: the shop's sender address is no longer the one the link was sent to. */
  | { ok: false; state: "invalid" | "expired" | "ended" | "changed"; lang?: AdminLang };

/** What a link is, changing nothing: mail scanners open links too. */
export async function describeSenderLink(db: Db, token: unknown, secret: string, now: Date): Promise<SenderLink> {
  const check = verifySenderToken(token, secret, now);
  if (!check.ok) return { ok: false, state: check.reason };
  const { claim } = check;
  const shop = await db.shop.findUnique({ where: { domain: claim.shop } });
  if (!shop || shop.uninstalledAt) return { ok: false, state: "ended" };
  const lang = adminLang(shop.locale);
  if (!sameAddress(shop.senderEmail, claim.email)) return { ok: false, state: "changed", lang };
  return { ok: true, state: senderVerified(shop) ? "verified" : "pending", shop: shop.domain, shopName: shop.name, email: shop.senderEmail!, lang };
}

/** The page's button: the address becomes the shop's verified sender, if it still is the sender address. */
export async function confirmSenderAddress(db: Db, token: unknown, secret: string, now: Date): Promise<SenderLink> {
  const link = await describeSenderLink(db, token, secret, now);
  if (!link.ok || link.state === "verified") return link;
  // The stored spelling, and only while it is still stored: a change saved meanwhile wins.
  const claimed = await db.shop.updateMany({
    where: { domain: link.shop, senderEmail: link.email },
    data: { senderVerifiedEmail: link.email, senderVerifiedAt: now },
  });
  if (claimed.count !== 1) return describeSenderLink(db, token, secret, now);
  return { ...link, state: "verified" };
}
