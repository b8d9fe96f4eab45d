import { decideOffer, type OfferVerdict } from "~/domain/onsite";
import { codesLeft } from "./code-caps";
import { gatherFacts, type FactsRequest } from "./facts";
import { signOfferToken } from "./offer-token";
import type { OnsiteDeps } from "./types";

export type OfferAnswer = OfferVerdict | (Extract<OfferVerdict, { show: true }> & { token: string });

/**
 * Should the modal open for this visitor now, and with which offer. Records nothing. A first-order
 * offer comes with the token /reveal requires, and is not made to an anonymous visitor once the day's
 * codes are gone.
 */
export async function decideForVisitor(deps: OnsiteDeps, req: FactsRequest, now: Date): Promise<OfferAnswer> {
  const gathered = await gatherFacts(deps, req, "offer");
  // "offer" never fails on Shopify's account (see gatherFacts); this keeps the types honest.
  if (!gathered.ok) return { show: false, reason: "repeat_customer" };
  const verdict = decideOffer(gathered.facts, now, "offer");
  if (!verdict.show || verdict.offer.kind !== "first-order") return verdict;
  if (!req.customerShopifyId) {
    const left = await codesLeft(deps.db, req.shop, req.ip, gathered.anonymousCodesPerDay, now);
    if (!left.ok) return { show: false, reason: "codes_exhausted" };
  }
  return { ...verdict, token: signOfferToken({ shop: req.shop, visitorId: req.visitorId, offer: verdict.offer.id }, deps.secret, now) };
}
