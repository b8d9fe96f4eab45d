// Where the post-delivery email asks for a review: the shop's pattern, filled with the storefront's
// address and the ordered product's handle. Plain text in, a URL or a refusal out.

export const DEFAULT_REVIEW_URL_PATTERN = "{shop_url}/products/{product_handle}#reviews";
const PLACEHOLDERS = new Set(["shop_url", "product_handle"]);

/** A pattern the merchant may save: an absolute http(s) URL once filled, with only known placeholders. */
export function checkReviewUrlPattern(pattern: string): { ok: true } | { ok: false; error: string } {
  const unknown = [...pattern.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]).filter((name) => !PLACEHOLDERS.has(name));
  if (unknown.length > 0) return { ok: false, error: `unknown placeholder ${unknown.map((n) => `{${n}}`).join(", ")}: use {shop_url} and {product_handle}` };
  const sample = fillReviewUrl(pattern, "https://shop.example", "sample-product");
  if (!sample) return { ok: false, error: "must be an http(s) address, e.g. {shop_url}/products/{product_handle}#reviews" };
  return { ok: true };
}

/** The filled address, or null when it is not an absolute http(s) URL. */
export function fillReviewUrl(pattern: string, shopUrl: string, productHandle: string): string | null {
  const filled = pattern.replaceAll("{shop_url}", shopUrl.replace(/\/+$/, "")).replaceAll("{product_handle}", encodeURIComponent(productHandle));
  try {
    const url = new URL(filled);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch {
    return null;
  }
}
