// Demo mode has no Shopify in front of the storefront: the app serves /apps/crm/* itself, signs each
// request exactly as Shopify's app proxy would, and hands it to the real proxy handler, verification included.
import { PROXY_BODY_LIMIT, readBodyLimited } from "~/.server/http/body-limit";
import { DEMO_SHOP } from "~/.server/shops";
import { signAppProxyQuery } from "./proxy-signature";

export const PROXY_PREFIX = "/apps/crm";
export const DEMO_CUSTOMER_COOKIE = "demo_customer";

function cookie(request: Request, name: string): string {
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) {
      try {
        return decodeURIComponent(rest.join("="));
      } catch {
        return "";
      }
    }
  }
  return "";
}

/** The request Shopify would send the app for a storefront request to /apps/crm/<endpoint>. */
/** The signed request Shopify would forward; a Response (413) when the body is over the proxy's cap. */
export async function demoProxyRequest(request: Request, endpoint: string, secret: string, now: Date): Promise<Request | Response> {
  const url = new URL(request.url);
  const customer = cookie(request, DEMO_CUSTOMER_COOKIE);
  const query = signAppProxyQuery(
    url.searchParams,
    { shop: DEMO_SHOP, loggedInCustomerId: /^\d{1,20}$/.test(customer) ? customer : "", pathPrefix: PROXY_PREFIX, timestamp: now },
    secret,
  );
  const target = new URL(`/proxy/${endpoint}?${query}`, url.origin);
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (request.method !== "GET" && request.method !== "HEAD") {
    const read = await readBodyLimited(request, PROXY_BODY_LIMIT);
    if (!read.ok) return read.response;
    body = read.bytes;
  }
  return new Request(target, { method: request.method, headers: request.headers, body });
}
