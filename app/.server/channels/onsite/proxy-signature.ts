// Shopify's app proxy signature: hex HMAC-SHA256 with the app secret over the query's `key=value`
// pairs, sorted by key, repeated keys' values joined with ",", concatenated with no separator.
import { createHmac } from "node:crypto";

/** The parameters Shopify adds to every proxied request; a caller can never supply them itself. */
export const PROXY_PARAMS = ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"] as const;

export function appProxySignature(query: URLSearchParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of query) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  // Sorted the way the library's verifier sorts (localeCompare), which equals byte order for the
  // lower-case ASCII keys the storefront and Shopify use.
  const message = [...grouped.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export type ProxyIdentity = { shop: string; loggedInCustomerId: string; pathPrefix: string; timestamp: Date };

/** A copy of `query` with Shopify's parameters set (any given ones replaced) and signed. */
export function signAppProxyQuery(query: URLSearchParams, who: ProxyIdentity, secret: string): URLSearchParams {
  const signed = new URLSearchParams();
  for (const [key, value] of query) if (!(PROXY_PARAMS as readonly string[]).includes(key)) signed.append(key, value);
  signed.set("shop", who.shop);
  signed.set("logged_in_customer_id", who.loggedInCustomerId);
  signed.set("path_prefix", who.pathPrefix);
  signed.set("timestamp", String(Math.floor(who.timestamp.getTime() / 1000)));
  signed.set("signature", appProxySignature(signed, secret));
  return signed;
}
