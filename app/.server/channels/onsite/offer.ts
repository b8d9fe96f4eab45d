import { decideOffer, type OfferVerdict } from "~/domain/onsite";
import { gatherFacts, type FactsRequest } from "./facts";
import type { OnsiteDeps } from "./types";

/** Should the modal open for this visitor now, and with which offer. Records nothing. */
export async function decideForVisitor(deps: OnsiteDeps, req: FactsRequest, now: Date): Promise<OfferVerdict> {
  const gathered = await gatherFacts(deps, req, "offer");
  // "offer" never fails on Shopify's account (see gatherFacts); this keeps the types honest.
  if (!gathered.ok) return { show: false, reason: "repeat_customer" };
  return decideOffer(gathered.facts, now, "offer");
}
