// Only Shopify (or the demo's forwarder, signing the same way) may call the proxy endpoints: the shop
// and the logged-in customer come from the signed query, never from the shopper.

export type VerifiedProxy = { ok: true; shop: string; customerShopifyId: string | null } | { ok: false; status: 400 | 401; error: string };

export type VerifyProxy = (request: Request) => Promise<VerifiedProxy>;

/** A signature is good for this long: a copied storefront URL cannot be replayed later. */
export const MAX_AGE_SECONDS = 300;
/** Clocks drift: a timestamp this far ahead is still accepted. */
export const MAX_SKEW_SECONDS = 60;

/** Why a timestamp is refused, or null when it is fresh. */
export function timestampProblem(raw: string | null, now: Date): string | null {
  if (!raw || !/^\d{1,12}$/.test(raw)) return "missing or malformed timestamp";
  const age = now.getTime() / 1000 - Number(raw);
  if (age > MAX_AGE_SECONDS) return "stale signature";
  if (age < -MAX_SKEW_SECONDS) return "timestamp in the future";
  return null;
}

/**
 * Wraps the library's `authenticate.public.appProxy`, which throws a bare 400 for any bad signature,
 * into JSON answers; the timestamp is checked here too so the window is ours, whatever the library's.
 */
export function proxyVerifier(appProxy: (request: Request) => Promise<unknown>, now: () => Date): VerifyProxy {
  return async (request) => {
    const query = new URL(request.url).searchParams;
    if (!query.get("signature")) return { ok: false, status: 400, error: "missing signature" };
    const stale = timestampProblem(query.get("timestamp"), now());
    if (stale) return { ok: false, status: 401, error: stale };
    try {
      await appProxy(request);
    } catch (thrown) {
      if (thrown instanceof Response) return { ok: false, status: 401, error: "invalid signature" };
      throw thrown;
    }
    const shop = query.get("shop");
    if (!shop) return { ok: false, status: 400, error: "missing shop" };
    return { ok: true, shop, customerShopifyId: query.get("logged_in_customer_id") || null };
  };
}
