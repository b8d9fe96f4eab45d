import type { ModalBrand } from "~/domain/brand";
import { couponTerms } from "~/domain/coupons";
import { decideOffer, holdsOut, type OfferVerdict } from "~/domain/onsite";
import { couponValue } from "~/.server/channels/email/variables";
import { codesLeft } from "./code-caps";
import { recordOnsiteEvent } from "./events";
import { gatherFacts, type FactsRequest } from "./facts";
import { signOfferToken } from "./offer-token";
import type { OnsiteDeps } from "./types";

/** A shown offer carries the shop's brand: the modal's colours and font where the block sets none. */
type Shown = Extract<OfferVerdict, { show: true }> & { brand: ModalBrand };
/** A first-order offer also says its discount as the shop writes it ("10%", "3,000원") for the modal's {value}. */
export type OfferAnswer = Extract<OfferVerdict, { show: false }> | Shown | (Omit<Shown, "offer"> & { offer: Shown["offer"] & { value: string }; token: string });

/**
 * Should the modal open for this visitor now, and with which offer. A first-order offer comes with the
 * token /reveal requires, and is not made to an anonymous visitor once the day's codes are gone.
 *
 * Once the modal would open, the holdout is asked: a visitor in it is shown nothing. Either way the
 * decision is recorded (once per session, with the visitor's consent) as `offer` or `holdout`, at the
 * same moment and by the same request, so the two groups the report compares differ only by the modal.
 */
export async function decideForVisitor(deps: OnsiteDeps, req: FactsRequest, now: Date): Promise<OfferAnswer> {
  const gathered = await gatherFacts(deps, req, "offer");
  // "offer" never fails on Shopify's account (see gatherFacts); this keeps the types honest.
  if (!gathered.ok) return { show: false, reason: "repeat_customer" };
  const verdict = decideOffer(gathered.facts, now, "offer");
  if (!verdict.show) return verdict;
  const firstOrder = verdict.offer.kind === "first-order";
  if (firstOrder && !req.customerShopifyId) {
    const left = await codesLeft(deps.db, req.shop, req.ip, gathered.anonymousCodesPerDay, now);
    if (!left.ok) return { show: false, reason: "codes_exhausted" };
  }
  const { sessionMinutes } = gathered.facts.settings;
  const decided = { offerKind: verdict.offer.kind, at: now };
  if (holdsOut(gathered.facts, req.shop, req, gathered.holdoutPercent)) {
    await recordOnsiteEvent(deps.db, req, { type: "holdout", ...decided }, sessionMinutes);
    return { show: false, reason: "holdout" };
  }
  await recordOnsiteEvent(deps.db, req, { type: "offer", ...decided }, sessionMinutes);
  const shown = { ...verdict, brand: gathered.brand };
  if (verdict.offer.kind !== "first-order") return shown;
  const value = couponValue(couponTerms(gathered.facts.settings), gathered.currency, gathered.locale);
  return { ...shown, offer: { ...verdict.offer, value }, token: signOfferToken({ shop: req.shop, visitorId: req.visitorId, offer: verdict.offer.id }, deps.secret, now) };
}
