// The shopper asks for the code: decide again (things change while a modal is open), then issue one
// unique expiring code per visitor (or customer) through the coupon engine.
import { couponTerms } from "~/domain/coupons";
import { decideOffer, type NoOfferReason } from "~/domain/onsite";
import { couponValue } from "~/.server/channels/email/variables";
import { issueCoupon } from "~/.server/coupons/issue";
import { describeAdminError } from "~/.server/shopify/admin-api";
import { countRefusal, takeCode } from "./code-caps";
import { recordOnsiteEvent } from "./events";
import { gatherFacts, type FactsRequest } from "./facts";
import { SCENARIO, modalIssueKey, type OnsiteDeps } from "./types";

export type RevealResult =
  /** `timeZone`: the shop's, in which the modal shows the end (23:59 on the code's last day). `value`: "10%", "3,000원". */
  | { ok: true; code: string; endsAt: Date; percentOff: number; value: string; timeZone: string }
  | { ok: false; status: 409 | 429 | 502; error: string };

const NOT_ELIGIBLE: Record<NoOfferReason, string> = {
  shop_uninstalled: "This shop no longer offers codes here.",
  scenario_off: "This offer has ended.",
  already_shown: "This offer was already shown.",
  dismissed_recently: "This offer was dismissed recently.",
  signed_up: "You have already signed up.",
  code_used: "You have already used your code.",
  code_expired: "Your code has expired.",
  holds_unused_code: "You already have a code from our email: use that one.",
  repeat_customer: "This offer is for a first order.",
  rate_limited: "Too many requests: try again in a minute.",
  codes_exhausted: "No more codes today.",
  holdout: "This offer is not available.",
};

export const PREFIX = "EXIT";

export async function revealCode(deps: OnsiteDeps, req: FactsRequest, now: Date): Promise<RevealResult> {
  const gathered = await gatherFacts(deps, req, "reveal");
  if (!gathered.ok) return { ok: false, status: 502, error: describeAdminError(gathered.error) };
  const verdict = decideOffer(gathered.facts, now, "reveal");
  if (!verdict.show) return { ok: false, status: 409, error: NOT_ELIGIBLE[verdict.reason] };
  if (verdict.offer.kind !== "first-order") return { ok: false, status: 409, error: NOT_ELIGIBLE.repeat_customer };

  const settings = gathered.facts.settings;
  // An anonymous visitor's new code comes out of the day's caps; asking again for the same code does not.
  if (!req.customerShopifyId && !gathered.facts.modalCode) {
    const taken = await takeCode(deps.db, req.shop, req.ip, gathered.anonymousCodesPerDay, now);
    if (!taken.ok) {
      await countRefusal(deps.db, req.shop, now);
      return { ok: false, status: 429, error: NOT_ELIGIBLE.codes_exhausted };
    }
  }
  const issued = await issueCoupon(deps, {
    shop: req.shop,
    scenario: SCENARIO,
    issueKey: modalIssueKey(req),
    email: null,
    customerShopifyId: req.customerShopifyId,
    terms: couponTerms(settings),
    daysValid: settings.couponDaysValid,
    now,
    prefix: PREFIX,
    visitorId: req.visitorId,
  });
  if (!issued.ok) return { ok: false, status: 502, error: issued.error };
  const { coupon } = issued;
  await recordOnsiteEvent(deps.db, req, { type: "reveal", offerKind: "first-order", couponCode: coupon.code, at: now }, settings.sessionMinutes);
  const value = couponValue(coupon, gathered.currency, gathered.locale);
  return { ok: true, code: coupon.code, endsAt: coupon.endsAt, percentOff: coupon.percentOff, value, timeZone: gathered.timeZone };
}
