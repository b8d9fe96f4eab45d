// Who an email from a shop says it is from. The operator's SMTP server signs for whatever From it is
// given, so a merchant's own address is used only once the merchant proved they read it (a link sent
// to it, as Shopify Email does). Until then the email goes From the operator's address under the
// shop's name, and replies still reach the merchant through Reply-To.

/** How long a verification link works. */
export const SENDER_VERIFY_TTL_MS = 48 * 3_600_000;
/** At most one verification email per shop in this long: the button must not become a mail cannon. */
export const SENDER_VERIFY_SPACING_MS = 3 * 60_000;

/** The shop's columns the choice reads (a Shop row has them all). */
export type SenderFields = {
  name: string;
  senderName: string | null;
  senderEmail: string | null;
  replyTo: string | null;
  senderVerifiedEmail: string | null;
};

export type Sender = { from: { name: string; address: string }; replyTo: string | null; verified: boolean };

/** One address however it is capitalised or padded; an unset one matches nothing. */
export const sameAddress = (a: string | null, b: string | null) => Boolean(a && b && a.trim().toLowerCase() === b.trim().toLowerCase());

/** True while the sender address is the one the merchant verified (a changed address is not). */
export function senderVerified(shop: Pick<SenderFields, "senderEmail" | "senderVerifiedEmail">): boolean {
  return sameAddress(shop.senderEmail, shop.senderVerifiedEmail);
}

/**
 * A display name is one line and names no address: nodemailer encodes quotes and line breaks, but a
 * name reading "security@bank.example" above the operator's address would undo the point of it.
 */
export function displayName(raw: string): string {
  return raw
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, " ")
    .replace(/@/g, " at ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 100);
}

/**
 * The From and Reply-To of every email sent on a shop's behalf. `defaultFrom` is the operator's
 * address (CRM_DEFAULT_FROM).
 */
export function senderFor(shop: SenderFields, defaultFrom: string): Sender {
  const name = displayName(shop.senderName || shop.name) || displayName(shop.name);
  if (shop.senderEmail && senderVerified(shop)) {
    return { from: { name, address: shop.senderEmail.trim() }, replyTo: shop.replyTo?.trim() || null, verified: true };
  }
  return {
    // The shop's own name from Shopify, not the free-text sender name: it is what shoppers know the shop by.
    from: { name: displayName(shop.name), address: defaultFrom },
    replyTo: shop.replyTo?.trim() || shop.senderEmail?.trim() || null,
    verified: false,
  };
}

export type SenderStatus =
  | { state: "not_set" }
  | { state: "verified"; address: string; verifiedAt: Date | null }
  /** `sentAt`: the last verification email, which went to `address`; null when none has gone out. */
  | { state: "waiting"; address: string; sentAt: Date | null; resendAt: Date };

/** What the settings page says about the sender address, as of `now`. */
export function senderStatus(
  shop: Pick<SenderFields, "senderEmail" | "senderVerifiedEmail"> & { senderVerifiedAt: Date | null; senderVerifySentAt: Date | null },
  now: Date,
): SenderStatus {
  if (!shop.senderEmail) return { state: "not_set" };
  if (senderVerified(shop)) return { state: "verified", address: shop.senderEmail, verifiedAt: shop.senderVerifiedAt };
  return { state: "waiting", address: shop.senderEmail, sentAt: shop.senderVerifySentAt, resendAt: nextVerificationAt(shop.senderVerifySentAt, now) };
}

/** When the next verification email may go out, given the last one. */
export function nextVerificationAt(lastSentAt: Date | null, now: Date): Date {
  if (!lastSentAt) return now;
  const next = new Date(lastSentAt.getTime() + SENDER_VERIFY_SPACING_MS);
  return next > now ? next : now;
}
