import { decideOffer, holdsOut, type OfferVerdict } from "~/domain/onsite";
import { codesLeft } from "./code-caps";
import { recordOnsiteEvent } from "./events";
import { gatherFacts, type FactsRequest } from "./facts";
import { signOfferToken } from "./offer-token";
import type { OnsiteDeps } from "./types";

export type OfferAnswer = OfferVerdict | (Extract<OfferVerdict, { show: true }> & { token: string });

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
  if (!firstOrder) return verdict;
  return { ...verdict, token: signOfferToken({ shop: req.shop, visitorId: req.visitorId, offer: verdict.offer.id }, deps.secret, now) };
}
