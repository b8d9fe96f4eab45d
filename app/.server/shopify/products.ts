// The product a review request is about: its handle makes the storefront address of its page.
import type { AdminResult } from "./admin-api";

type Call = (query: string, variables: Record<string, unknown>) => Promise<AdminResult<unknown>>;

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
