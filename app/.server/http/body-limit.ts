// Request bodies are bounded before they are read: a script that posts gigabytes gets 413 after the
// first bytes past the cap, and memory holds at most the cap per request. The limits per kind of
// endpoint are written here once; server.ts refuses a larger declared Content-Length before any
// route runs, and the routes read through `readBodyLimited`, which also stops an undeclared
// (chunked) body at the cap.

/** Shopify's webhook payloads: an order with hundreds of line items stays well below this. */
export const WEBHOOK_BODY_LIMIT = 2 * 1024 * 1024;
/** The storefront's app proxy calls: a visitor id, an offer, an email. */
export const PROXY_BODY_LIMIT = 4 * 1024;
/** The web pixel's event batches: a few product ids and a reference, ten events at most per request. */
export const PIXEL_BODY_LIMIT = 16 * 1024;
/** The brand logo upload: the largest logo (~/.server/brand/logo MAX_LOGO_BYTES) and its multipart envelope. */
export const LOGO_UPLOAD_PATH = "/app/settings/logo";
export const LOGO_BODY_LIMIT = 512 * 1024 + 16 * 1024;
/** Anything else (admin forms, template edits, one-click unsubscribe): the largest a merchant's template can be. */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

/** The cap for a path, the same for the express guard and the routes. */
export function bodyLimitFor(pathname: string): number {
  if (pathname.startsWith("/webhooks/")) return WEBHOOK_BODY_LIMIT;
  if (pathname.startsWith("/proxy/") || pathname.startsWith("/apps/crm/")) return PROXY_BODY_LIMIT;
  if (pathname.startsWith("/pixel/")) return PIXEL_BODY_LIMIT;
  // The settings page's fetcher posts to the route's single-fetch address (`….data`).
  if (pathname === LOGO_UPLOAD_PATH || pathname === `${LOGO_UPLOAD_PATH}.data`) return LOGO_BODY_LIMIT;
  return DEFAULT_BODY_LIMIT;
}

export type LimitedBody = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; response: Response };

export function tooLarge(limit: number): Response {
  return new Response(JSON.stringify({ error: `request body larger than ${limit} bytes` }), { status: 413, headers: { "Content-Type": "application/json", Connection: "close" } });
}

/** Reads the whole body if it fits in `limit` bytes; otherwise stops reading and answers 413. */
export async function readBodyLimited(request: Request, limit: number): Promise<LimitedBody> {
  const declared = Number(request.headers.get("Content-Length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return { ok: false, response: tooLarge(limit) };
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return { ok: false, response: tooLarge(limit) };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return { ok: true, bytes };
}
