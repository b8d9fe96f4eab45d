// The exit-intent modal's decision: who sees which offer, or why nobody does. Facts in, verdict out;
// the server gathers the facts (events, coupons, orders) and the time.
import { visitorInHoldout, type StorefrontVisitor } from "./attribution";
import type { ExitIntentSettings } from "./scenarios";
import { addDays, addMinutes } from "./schedule";

export type OfferKind = "first-order" | "reminder";

/** Why the modal stays closed. The storefront treats them alike; the merchant's reports tell them apart. */
export type NoOfferReason =
  | "shop_uninstalled"
  | "scenario_off"
  | "already_shown"
  | "dismissed_recently"
  | "signed_up"
  | "code_used"
  | "code_expired"
  | "holds_unused_code"
  | "repeat_customer"
  | "rate_limited"
  /** Anonymous visitors took every code the shop allows today, or this address took its share. */
  | "codes_exhausted"
  /** The modal would open, but this visitor is in the share shown nothing, to measure the modal against. */
  | "holdout";

export type Offer =
  | { id: "first-order"; kind: "first-order"; percentOff: number; daysValid: number; signup: true }
  | { id: "reminder"; kind: "reminder"; product: { title: string; url: string }; signup: false };

export type OfferVerdict = { show: true; offer: Offer } | { show: false; reason: NoOfferReason };

/** A code this app issued, as far as the decision cares. */
export type CodeFacts = { usedAt: Date | null; endsAt: Date; active: boolean };

export type OnsiteFacts = {
  shopInstalled: boolean;
  scenarioEnabled: boolean;
  settings: ExitIntentSettings;
  /** Latest impression and dismissal recorded for this visitor (or logged-in customer). */
  lastImpressionAt: Date | null;
  lastDismissAt: Date | null;
  /** Signed up through the modal before. */
  signedUp: boolean;
  /** The modal code this visitor (or customer) was given, if any. */
  modalCode: CodeFacts | null;
  /** The code of the email the visitor came from (`crm_ref`), if any. */
  emailCode: CodeFacts | null;
  /** Null when logged out; ordersCount as confirmed by Shopify when possible. */
  customer: { shopifyId: string; ordersCount: number } | null;
  /** The product page the visitor is leaving, if any. */
  product: { title: string; url: string } | null;
};

/**
 * "offer": should the modal open now. "reveal": the visitor is in the modal asking for the code, so the
 * once-per-session, dismissal and sign-up rules (which are about opening it) no longer apply.
 */
export type DecisionPurpose = "offer" | "reveal";

const no = (reason: NoOfferReason): OfferVerdict => ({ show: false, reason });

function within(at: Date | null, since: Date): boolean {
  return at !== null && at.getTime() > since.getTime();
}

/** A code that can still be used: the holder needs no second one. */
function usable(code: CodeFacts | null, now: Date): boolean {
  return code !== null && code.active && code.usedAt === null && code.endsAt.getTime() > now.getTime();
}

export function decideOffer(facts: OnsiteFacts, now: Date, purpose: DecisionPurpose = "offer"): OfferVerdict {
  const s = facts.settings;
  if (!facts.shopInstalled) return no("shop_uninstalled");
  if (!facts.scenarioEnabled) return no("scenario_off");
  if (purpose === "offer") {
    if (within(facts.lastImpressionAt, addMinutes(now, -s.sessionMinutes))) return no("already_shown");
    if (within(facts.lastDismissAt, addDays(now, -s.dismissDays))) return no("dismissed_recently");
    if (facts.signedUp) return no("signed_up");
  }
  if (facts.modalCode?.usedAt) return no("code_used");
  if (facts.modalCode && !usable(facts.modalCode, now) && facts.modalCode.active) return no("code_expired");
  if (usable(facts.emailCode, now)) return no("holds_unused_code");
  if (facts.customer && facts.customer.ordersCount > 0) {
    if (purpose === "offer" && s.repeatCustomerOffer === "reminder" && facts.product) {
      return { show: true, offer: { id: "reminder", kind: "reminder", product: facts.product, signup: false } };
    }
    return no("repeat_customer");
  }
  return { show: true, offer: { id: "first-order", kind: "first-order", percentOff: s.percentOff, daysValid: s.couponDaysValid, signup: true } };
}

/**
 * The modal's holdout, asked once the modal would open: a deterministic share of visitors (by shop and
 * visitor, or customer when logged in) is shown nothing. A visitor who has seen the modal or holds its
 * code stays with those shown it, so a share raised later moves nobody who was treated into the group
 * that stands for "never shown".
 */
export function holdsOut(facts: Pick<OnsiteFacts, "lastImpressionAt" | "modalCode">, shop: string, visitor: StorefrontVisitor, percent: number): boolean {
  if (facts.lastImpressionAt !== null || facts.modalCode !== null) return false;
  return visitorInHoldout(shop, "exit-intent", visitor, percent);
}

export function isOfferId(value: unknown): value is Offer["id"] {
  return value === "first-order" || value === "reminder";
}

/** Shopify product handles: letters (any script), digits and hyphens. */
const HANDLE = /^[\p{L}\p{N}][\p{L}\p{N}-]{0,254}$/u;

/**
 * The product a reminder points at, from its handle. The storefront shows its own title when it has
 * one; this one is the handle made readable, in title case as most product titles are.
 */
export function productFromHandle(handle: string | null | undefined): { title: string; url: string } | null {
  if (!handle || !HANDLE.test(handle)) return null;
  const title = handle
    .split("-")
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
  return { title, url: `/products/${encodeURIComponent(handle)}` };
}

/** Impressions count once per session window, so a resent request records nothing new. */
export function sessionBucket(now: Date, sessionMinutes: number): number {
  return Math.floor(now.getTime() / (Math.max(1, sessionMinutes) * 60_000));
}
