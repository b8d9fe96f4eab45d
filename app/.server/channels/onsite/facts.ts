// Gathers what the modal decision needs about one visitor: their recorded modal events, the codes they
// hold, whether the logged-in customer has ordered, and the shop's exit-intent settings.
import { shopBrand } from "~/.server/brand/shop-brand";
import { DEFAULT_BRAND, modalBrand, type ModalBrand } from "~/domain/brand";
import type { Coupon, Prisma } from "@prisma/client";
import { shopCurrency } from "~/.server/dispatch/facts";
import type { CodeFacts, DecisionPurpose, OnsiteFacts } from "~/domain/onsite";
import { productFromHandle } from "~/domain/onsite";
import { loadMeasurement } from "~/.server/dispatch/facts";
import { loadShopScenarios } from "~/.server/shops";
import type { AdminError } from "~/.server/shopify/admin-api";
import { verifyTracking } from "~/.server/tracking/tokens";
import { SCENARIO, modalIssueKey, type OnsiteDeps, type Visitor } from "./types";

export type FactsRequest = Visitor & { ref: string | null; productHandle: string | null; /** The client's address, from the trusted proxy hops. */ ip: string };

/**
 * `anonymousCodesPerDay`: the shop's daily cap on codes for visitors who are not logged in.
 * `holdoutPercent`: the share of visitors shown nothing (the scenario's own, else the shop's), read
 * for "offer" in a shop where the modal is on; 0 otherwise, as nothing is held out then.
 */
/** `timeZone`, `currency`, `locale`: the shop's, for the modal's words (a code's end is shop time, not the browser's). */
export type FactsResult =
  | { ok: true; facts: OnsiteFacts; anonymousCodesPerDay: number; holdoutPercent: number; brand: ModalBrand; timeZone: string; currency: string | null; locale: string }
  | { ok: false; error: AdminError };

function codeFacts(coupon: Pick<Coupon, "usedAt" | "endsAt" | "status"> | null): CodeFacts | null {
  return coupon && { usedAt: coupon.usedAt, endsAt: coupon.endsAt, active: coupon.status === "active" };
}

/** The visitor, and the logged-in customer whatever device they used before. */
function whoFilter(v: Visitor): Prisma.OnsiteEventWhereInput {
  return v.customerShopifyId ? { OR: [{ visitorId: v.visitorId }, { customerShopifyId: v.customerShopifyId }] } : { visitorId: v.visitorId };
}

async function lastEventAt(deps: OnsiteDeps, v: Visitor, type: string): Promise<Date | null> {
  const row = await deps.db.onsiteEvent.findFirst({
    where: { shop: v.shop, scenario: SCENARIO, type, ...whoFilter(v) },
    orderBy: { at: "desc" },
    select: { at: true },
  });
  return row?.at ?? null;
}

/** A used modal code wins (the visitor converted); otherwise the code this visitor would be given. */
async function modalCode(deps: OnsiteDeps, v: Visitor): Promise<CodeFacts | null> {
  const mine = [{ visitorId: v.visitorId }, ...(v.customerShopifyId ? [{ customerShopifyId: v.customerShopifyId }] : [])];
  const used = await deps.db.coupon.findFirst({ where: { shop: v.shop, scenario: SCENARIO, usedAt: { not: null }, OR: mine } });
  if (used) return codeFacts(used);
  return codeFacts(await deps.db.coupon.findUnique({ where: { issueKey: modalIssueKey(v) } }));
}

/** The code of the email the visitor came from: its message's coupon, or the coupon that message asked for. */
async function emailCode(deps: OnsiteDeps, shop: string, ref: string | null): Promise<CodeFacts | null> {
  if (!ref) return null;
  const verdict = verifyTracking(ref, deps.secret, "ref");
  if (!verdict.ok) return null;
  const message = await deps.db.message.findUnique({ where: { id: verdict.claim.messageId } });
  if (!message || message.shop !== shop) return null;
  const coupon = message.couponCode
    ? await deps.db.coupon.findUnique({ where: { shop_code: { shop, code: message.couponCode } } })
    : await deps.db.coupon.findUnique({ where: { issueKey: message.key } });
  return codeFacts(coupon);
}

/**
 * The projection only knows orders since install, so a count of 0 is confirmed with Shopify. When
 * Shopify cannot answer, "offer" goes by the projection (the code is confirmed again at reveal) and
 * "reveal" fails: no first-order code without a confirmed first-time buyer.
 */
async function ordersCount(deps: OnsiteDeps, shop: string, customerShopifyId: string, purpose: DecisionPurpose): Promise<{ ok: true; value: number } | { ok: false; error: AdminError }> {
  const row = await deps.db.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId: customerShopifyId } } });
  const known = row?.ordersCount ?? 0;
  if (known > 0) return { ok: true, value: known };
  const confirmed = await deps.admin.customerOrderCount(shop, customerShopifyId);
  if (confirmed.ok) return confirmed;
  if (confirmed.error.kind === "not_found" || purpose === "offer") return { ok: true, value: known };
  return confirmed;
}

export async function gatherFacts(deps: OnsiteDeps, req: FactsRequest, purpose: DecisionPurpose): Promise<FactsResult> {
  const { db } = deps;
  const shopRow = await db.shop.findUnique({ where: { domain: req.shop } });
  const scenarios = await loadShopScenarios(db, req.shop);
  const shopInstalled = Boolean(shopRow && !shopRow.uninstalledAt);
  let customer: OnsiteFacts["customer"] = null;
  // Shopify is asked only when its answer can change the verdict.
  if (req.customerShopifyId && shopInstalled && scenarios.enabled(SCENARIO)) {
    const count = await ordersCount(deps, req.shop, req.customerShopifyId, purpose);
    if (!count.ok) return count;
    customer = { shopifyId: req.customerShopifyId, ordersCount: count.value };
  }
  const signups = await db.onsiteEvent.count({ where: { shop: req.shop, scenario: SCENARIO, type: "signup", ...whoFilter(req) } });
  const holdoutPercent = purpose === "offer" && shopRow && shopInstalled && scenarios.enabled(SCENARIO) ? (await loadMeasurement(db, shopRow)).holdoutPercent(SCENARIO) : 0;
  return {
    ok: true,
    anonymousCodesPerDay: shopRow?.anonymousCodesPerDay ?? 0,
    holdoutPercent,
    // No logo in the modal, so the app's URL is not needed to name one.
    brand: modalBrand(shopRow ? shopBrand(shopRow, "") : DEFAULT_BRAND),
    timeZone: shopRow?.timezone ?? "UTC",
    currency: shopRow ? shopCurrency(shopRow) : null,
    locale: shopRow?.locale ?? "en",
    facts: {
      shopInstalled,
      scenarioEnabled: scenarios.enabled(SCENARIO),
      settings: scenarios.settings(SCENARIO),
      lastImpressionAt: await lastEventAt(deps, req, "impression"),
      lastDismissAt: await lastEventAt(deps, req, "dismiss"),
      signedUp: signups > 0,
      modalCode: await modalCode(deps, req),
      emailCode: await emailCode(deps, req.shop, req.ref),
      customer,
      product: productFromHandle(req.productHandle),
    },
  };
}
