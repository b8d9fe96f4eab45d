// Discount codes the app issues: their validity window and their shape.
import { endOfLocalDay } from "./schedule";

const DAY = 86_400_000;
export const MAX_DAYS_VALID = 365;

/** No 0/O, 1/I/L: a shopper copying the code from an email cannot mistype it. */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export const DISCOUNT_TYPES = ["percentage", "fixed_amount"] as const;
export type DiscountType = (typeof DISCOUNT_TYPES)[number];

/** What a coupon scenario's settings say about its offer (~/domain/scenario-fields `offer`). */
export type OfferSettings = { discountType: DiscountType; percentOff: number; amountOff: number; minimumSubtotal: number };

/** The code's terms as issued: amounts in cents of the shop's currency; null for "none". */
export type CouponTerms = { percentOff: number; amountOffCents: number | null; minimumSubtotalCents: number | null };

export function couponTerms(s: OfferSettings): CouponTerms {
  const minimumSubtotalCents = s.minimumSubtotal > 0 ? Math.round(s.minimumSubtotal * 100) : null;
  return s.discountType === "fixed_amount"
    ? { percentOff: 0, amountOffCents: Math.round(s.amountOff * 100), minimumSubtotalCents }
    : { percentOff: s.percentOff, amountOffCents: null, minimumSubtotalCents };
}

export type CouponWindow = { startsAt: Date; endsAt: Date };

/**
 * A code valid N days works until 23:59:59 shop time on the Nth calendar day after it is issued: the
 * date the email shows is a whole day, never cut off at the hour the code happened to be issued.
 */
export function couponWindow(now: Date, daysValid: number, timeZone: string): CouponWindow {
  return { startsAt: now, endsAt: endOfLocalDay(now, timeZone, Math.ceil(daysValid)) };
}

export function validateCouponWindow(w: CouponWindow, now: Date): { ok: true } | { ok: false; error: string } {
  const starts = w.startsAt.getTime();
  const ends = w.endsAt.getTime();
  if (Number.isNaN(starts) || Number.isNaN(ends)) return { ok: false, error: "The start or end date is not a valid date." };
  if (ends <= starts) return { ok: false, error: "The code must end after it starts." };
  if (ends <= now.getTime()) return { ok: false, error: "The end date is in the past: the code would already be expired." };
  if (ends - starts < DAY) return { ok: false, error: "A code must stay valid for at least 1 day." };
  // The window runs to the end of its last day, so up to a day past N×24 h.
  if (ends - starts > (MAX_DAYS_VALID + 1) * DAY) return { ok: false, error: `A code can stay valid for at most ${MAX_DAYS_VALID} days.` };
  return { ok: true };
}

/** PREFIX-XXXXXXXX. `random` returns [0, 1), like Math.random, so tests can pass a fixed sequence. */
export function generateCouponCode(prefix: string, random: () => number, length = 8): string {
  let body = "";
  for (let i = 0; i < length; i++) {
    const index = Math.min(CODE_ALPHABET.length - 1, Math.max(0, Math.floor(random() * CODE_ALPHABET.length)));
    body += CODE_ALPHABET[index];
  }
  const head = normalizeCode(prefix).replace(/[^A-Z0-9]+/g, "");
  return head ? `${head}-${body}` : body;
}

/** Codes are matched case-insensitively, as Shopify does. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}
