// The storefront half of browse and cart abandonment. Shopify runs this pixel in its strict sandbox on
// the pages of a store that activated it, for visitors who allowed what shopify.extension.toml's
// [customer_privacy] declares. It reports product views and add-to-carts to the app, and only for a
// shopper the app may write to about them: a logged-in customer, or a visitor who came from one of our
// emails (the `crm_ref` our click redirect adds to links into the store, kept for the visit).
//
// What leaves the page: the shop, its pixel key, the Shopify customer id or our email reference,
// and per event Shopify's event id, its time, the product and the variant. Never an email address, a
// name or anything else about the shopper.
import { register, type PixelEvent, type PixelPrivacy, type PixelProductVariant } from "@shopify/web-pixels-extension";

/** Our click redirect's parameter (app/.server/tracking/track.ts). */
const REF_PARAM = "crm_ref";
/** Where the reference is kept for the rest of the visit (session storage: gone when the tab closes). */
const REF_KEY = "crm_px_ref";
/** Events per request, and per page: a page view is a handful; more is a loop, not a shopper. */
const MAX_BATCH = 10;
const MAX_EVENTS_PER_PAGE = 50;
/** A request stays well under the endpoint's 16 KB cap, whatever the events hold. */
const MAX_BODY = 8 * 1024;
/** Views wait this long for company; an add-to-cart goes at once (the cart page may be next). */
const FLUSH_MS = 1000;

type EventType = "product_viewed" | "product_added_to_cart";
type Who = { customerId: string } | { ref: string };
type Reported = { id: string; type: EventType; at: string; productId: string; variantId: string | null };

/** Shopify ids arrive as numbers in strings or as GraphQL ids; the app keeps the number. */
function numericId(value: unknown): string | null {
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value !== "string") return null;
  const match = /^(?:gid:\/\/shopify\/[A-Za-z]+\/)?(\d{1,20})$/.exec(value.trim());
  return match ? match[1] : null;
}

/** Our reference is a signed token (base64url body, a dot, base64url signature); anything else is not ours. */
function refToken(value: unknown): string | null {
  return typeof value === "string" && value.length <= 512 && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value) ? value : null;
}

const eventId = (value: unknown): string | null => (typeof value === "string" && /^[\x21-\x7e]{1,128}$/.test(value) ? value : null);

function eventTime(value: unknown): string {
  const ms = typeof value === "string" ? Date.parse(value) : NaN;
  return new Date(Number.isFinite(ms) ? ms : Date.now()).toISOString();
}

function refFromUrl(href: unknown): string | null {
  if (typeof href !== "string") return null;
  try {
    return refToken(new URL(href).searchParams.get(REF_PARAM));
  } catch {
    return null;
  }
}

/** The pixel loads only with the consent its TOML declares; a withdrawal during the visit stops it. */
function consentAllows(privacy: PixelPrivacy | undefined): boolean {
  if (!privacy || typeof privacy !== "object") return true;
  return privacy.analyticsProcessingAllowed !== false && privacy.marketingAllowed !== false;
}

function reported(event: PixelEvent, type: EventType, variant: PixelProductVariant | null | undefined): Reported | null {
  const id = eventId(event?.id);
  const productId = numericId(variant?.product?.id);
  if (!id || !productId) return null;
  return { id, type, at: eventTime(event?.timestamp), productId, variantId: numericId(variant?.id) };
}

register(({ analytics, browser, init, settings, customerPrivacy }) => {
  const endpoint = typeof settings?.endpoint === "string" && /^https?:\/\/[^\s]+$/.test(settings.endpoint) ? settings.endpoint : null;
  const key = typeof settings?.pixelKey === "string" && settings.pixelKey ? settings.pixelKey : null;
  const shop = init?.data?.shop?.myshopifyDomain;
  if (!endpoint || !key || typeof shop !== "string" || !shop) return;

  let allowed = consentAllows(init?.customerPrivacy);
  const queue: Reported[] = [];
  const seen = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  /** Who the events are about, decided once per page: the logged-in customer first, else our reference. */
  const who: Promise<Who | null> = (async () => {
    const customerId = numericId(init?.data?.customer?.id);
    if (customerId) return { customerId };
    const storage = browser?.sessionStorage;
    const landed = refFromUrl(init?.context?.document?.location?.href ?? init?.context?.window?.location?.href);
    try {
      if (landed) {
        await storage?.setItem(REF_KEY, landed);
        return { ref: landed };
      }
      const kept = refToken(await storage?.getItem(REF_KEY));
      return kept ? { ref: kept } : null;
    } catch {
      return landed ? { ref: landed } : null;
    }
  })();

  const post = (body: string) => {
    const beacon = () => browser?.sendBeacon?.(endpoint, body).catch(() => false);
    try {
      // text/plain keeps it a simple request: no preflight, and nothing is read back.
      fetch(endpoint, { method: "POST", body, keepalive: true, credentials: "omit", headers: { "Content-Type": "text/plain" } }).catch(beacon);
    } catch {
      beacon();
    }
  };

  const send = (identity: Who, events: Reported[]) => {
    if (events.length === 0) return;
    const body = JSON.stringify({ shop, key, ...identity, events });
    if (body.length > MAX_BODY && events.length > 1) {
      const half = Math.ceil(events.length / 2);
      send(identity, events.slice(0, half));
      send(identity, events.slice(half));
      return;
    }
    if (body.length <= MAX_BODY) post(body);
  };

  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const identity = await who;
    const events = queue.splice(0, queue.length);
    if (!identity || !allowed) return;
    for (let i = 0; i < events.length; i += MAX_BATCH) send(identity, events.slice(i, i + MAX_BATCH));
  };

  const enqueue = async (event: Reported | null) => {
    if (!event || !allowed || seen.has(event.id) || seen.size >= MAX_EVENTS_PER_PAGE) return;
    seen.add(event.id);
    if (!(await who)) return;
    queue.push(event);
    if (event.type === "product_added_to_cart" || queue.length >= MAX_BATCH) void flush();
    else timer ??= setTimeout(() => void flush(), FLUSH_MS);
  };

  customerPrivacy?.subscribe?.("visitorConsentCollected", (event) => {
    if (!event?.customerPrivacy) return;
    allowed = consentAllows(event.customerPrivacy);
    if (!allowed) queue.length = 0;
  });

  analytics.subscribe("product_viewed", (event) => void enqueue(reported(event, "product_viewed", event?.data?.productVariant)));
  analytics.subscribe("product_added_to_cart", (event) => void enqueue(reported(event, "product_added_to_cart", event?.data?.cartLine?.merchandise)));
});
