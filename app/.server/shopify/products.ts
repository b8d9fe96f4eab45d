// Products as our emails show them: the review request's product (its handle makes the storefront
// address of its page), and the product a browse or cart reminder is about (read from Shopify, never
// from what the storefront reported, so a forged event cannot put words or links in an email).
import type { AdminResult, AdminCall } from "./admin-api";

type Call = AdminCall;

export const PRODUCT_HANDLE = `#graphql
query CrmProductHandle($id: ID!) {
  product(id: $id) { handle }
}`;

/** The handle, or null when the product no longer exists. */
export async function readProductHandle(call: Call, productShopifyId: string): Promise<AdminResult<string | null>> {
  const id = productShopifyId.startsWith("gid://") ? productShopifyId : `gid://shopify/Product/${productShopifyId}`;
  const result = await call(PRODUCT_HANDLE, { id });
  if (!result.ok) return result;
  const handle = (result.value as { product?: { handle?: unknown } | null } | undefined)?.product?.handle;
  return { ok: true, value: typeof handle === "string" && handle ? handle : null };
}

export const PRODUCT_CARD = `#graphql
query CrmProductCard($id: ID!) {
  product(id: $id) { title handle status }
}`;

/** What a reminder shows of a product; `active` is false for a draft or archived one (no longer sold). */
export type ProductCard = { title: string; handle: string; active: boolean };

/** The product's card, or null when it no longer exists. */
export async function readProductCard(call: Call, productShopifyId: string): Promise<AdminResult<ProductCard | null>> {
  const id = productShopifyId.startsWith("gid://") ? productShopifyId : `gid://shopify/Product/${productShopifyId}`;
  const result = await call(PRODUCT_CARD, { id });
  if (!result.ok) return result;
  const product = (result.value as { product?: { title?: unknown; handle?: unknown; status?: unknown } | null } | undefined)?.product;
  if (!product || typeof product.title !== "string" || typeof product.handle !== "string" || !product.handle) return { ok: true, value: null };
  return { ok: true, value: { title: product.title, handle: product.handle, active: product.status === "ACTIVE" } };
}
