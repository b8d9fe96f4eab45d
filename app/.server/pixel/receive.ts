// The web pixel's endpoint. It is public: storefronts post to it from every visitor's browser, and so
// can any script, with any shop, key, customer id or event. So: the body is capped before it is read;
// the shape is checked strictly; the shop must be installed and the key must be its pixel key (public in
// its storefront, so this only stops posts that do not know which shop they claim); requests per
// address and events per shopper are capped per day in the database; and events are stored only for a
// customer the projection knows in that shop with email marketing consent, each event once.
//
// Answers: 204 taken (stored, or quietly dropped: unknown customer, no consent, a reference that does
// not verify, too old, already stored), 400 malformed, 401 unknown shop or key, 405 not a POST,
// 413 too large, 429 over a cap. The answer never says whether a customer exists or consented. No input
// makes it answer 5xx; only the database failing does.
import { timingSafeEqual } from "node:crypto";
import type { Db } from "~/db.server";
import { shopperEventTime, type ShopperEventSource } from "~/domain/shopper-events";
import { PIXEL_BODY_LIMIT, readBodyLimited } from "~/.server/http/body-limit";
import { clientIpOf } from "~/.server/http/client-ip";
import { verifyTracking } from "~/.server/tracking/tokens";
import { takeEvents, takeRequest } from "./caps";
import { parsePixelBatch, type PixelBatch } from "./request";
import { storeShopperEvents, type ShopperEventRow } from "./store";
import { planShopperReminders } from "./remind";

export type PixelEndpointDeps = { db: Db; secret: string; now: () => Date };

/**
 * A pixel runs in Shopify's sandbox on the shop's domain and posts without cookies; whatever origin a
 * browser reports, the answer reveals nothing, and a script sets any origin it likes. So any origin may
 * post, and the protections above are what hold.
 */
const CORS = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Max-Age": "86400" };

function answer(status: number, error?: string): Response {
  const headers = { ...CORS, "Cache-Control": "no-store", ...(error ? { "Content-Type": "application/json; charset=utf-8" } : {}) };
  return new Response(error ? JSON.stringify({ error }) : null, { status, headers });
}

function sameKey(given: string, held: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(held);
  return a.length === b.length && timingSafeEqual(a, b);
}

type Shopper = {
  /** What the per-shopper cap counts: the claimed customer, or the reference when it names nobody we can tell. */
  capKey: string;
  customerShopifyId: string | null;
  source: ShopperEventSource;
};

/** Who the batch is about: the logged-in customer it names, or the customer our email reference was sent to. */
async function shopperOf(deps: PixelEndpointDeps, shop: string, batch: PixelBatch): Promise<Shopper> {
  if (batch.customerId) return { capKey: `customer:${batch.customerId}`, customerShopifyId: batch.customerId, source: "customer" };
  const ref = batch.ref ?? "";
  const verdict = verifyTracking(ref, deps.secret, "ref");
  if (!verdict.ok) return { capKey: `ref:${ref}`, customerShopifyId: null, source: "email" };
  const message = await deps.db.message.findUnique({ where: { id: verdict.claim.messageId }, select: { shop: true, customerShopifyId: true, email: true } });
  if (!message || message.shop !== shop) return { capKey: `message:${verdict.claim.messageId}`, customerShopifyId: null, source: "email" };
  let customerShopifyId = message.customerShopifyId;
  if (!customerShopifyId && message.email) {
    const byEmail = await deps.db.customer.findFirst({ where: { shop, email: message.email }, orderBy: { updatedAt: "desc" }, select: { shopifyId: true } });
    customerShopifyId = byEmail?.shopifyId ?? null;
  }
  return customerShopifyId
    ? { capKey: `customer:${customerShopifyId}`, customerShopifyId, source: "email" }
    : { capKey: `message:${verdict.claim.messageId}`, customerShopifyId: null, source: "email" };
}

/** The customer's address when they consented to email marketing; null otherwise (their events are dropped). */
async function consentingEmail(db: Db, shop: string, customerShopifyId: string): Promise<string | null> {
  const customer = await db.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId: customerShopifyId } }, select: { emailConsent: true, email: true } });
  return customer?.emailConsent === "subscribed" && customer.email ? customer.email : null;
}

export async function receivePixelEvents(request: Request, deps: PixelEndpointDeps): Promise<Response> {
  if (request.method === "OPTIONS") return answer(204);
  if (request.method !== "POST") return answer(405, "POST the events");

  const body = await readBodyLimited(request, PIXEL_BODY_LIMIT);
  if (!body.ok) return answer(413, `request body larger than ${PIXEL_BODY_LIMIT} bytes`);
  const parsed = parsePixelBatch(body.bytes);
  if (!parsed.ok) return answer(400, parsed.error);
  const { batch } = parsed;
  const { db } = deps;

  const pixel = await db.shopPixel.findUnique({ where: { shop: batch.shop }, select: { key: true } });
  const shopRow = pixel && (await db.shop.findUnique({ where: { domain: batch.shop }, select: { uninstalledAt: true } }));
  if (!pixel || !shopRow || shopRow.uninstalledAt || !sameKey(batch.key, pixel.key)) return answer(401, "unknown shop or pixel key");

  const now = deps.now();
  if (!(await takeRequest(db, batch.shop, clientIpOf(request), now))) return answer(429, "too many requests from this network today");
  const shopper = await shopperOf(deps, batch.shop, batch);
  const fits = await takeEvents(db, batch.shop, shopper.capKey, batch.events.length, now);
  if (fits === 0) return answer(429, "too many events for this shopper today");

  const email = shopper.customerShopifyId ? await consentingEmail(db, batch.shop, shopper.customerShopifyId) : null;
  if (shopper.customerShopifyId && email) {
    const rows: ShopperEventRow[] = [];
    for (const e of batch.events.slice(0, fits)) {
      const at = shopperEventTime(new Date(e.at), now);
      if (at) rows.push({ eventId: e.id, type: e.type, productId: e.productId, variantId: e.variantId ?? null, at });
    }
    await storeShopperEvents(db, { shop: batch.shop, customerShopifyId: shopper.customerShopifyId, source: shopper.source }, rows, now);
    await planShopperReminders(db, batch.shop, { customerShopifyId: shopper.customerShopifyId, email }, rows);
  }
  return answer(204);
}
