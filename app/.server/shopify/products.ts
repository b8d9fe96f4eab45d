// Products as our emails show them: the review request's product (its handle makes the storefront
// address of its page), and the product a browse or cart reminder is about (read from Shopify, never
// from what the storefront reported, so a forged event cannot put words or links in an email).
import { cents } from "~/.server/webhooks/mappers/common";
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
  product(id: $id) {
    title
    handle
    status
    featuredMedia { preview { image { url altText } } }
    priceRangeV2 { minVariantPrice { amount currencyCode } }
  }
}`;

/**
 * What a reminder shows of a product; `active` is false for a draft or archived one (no longer sold).
 * `price`: its lowest variant price; null when Shopify gave none.
 */
export type ProductCard = { title: string; handle: string; active: boolean; imageUrl: string | null; imageAlt: string | null; price: { cents: number; currency: string } | null };

/** The product's card, or null when it no longer exists. */
export async function readProductCard(call: Call, productShopifyId: string): Promise<AdminResult<ProductCard | null>> {
  const id = productShopifyId.startsWith("gid://") ? productShopifyId : `gid://shopify/Product/${productShopifyId}`;
  const result = await call(PRODUCT_CARD, { id });
  if (!result.ok) return result;
  type Raw = { title?: unknown; handle?: unknown; status?: unknown; featuredMedia?: ImageNode; priceRangeV2?: { minVariantPrice?: { amount?: unknown; currencyCode?: unknown } | null } | null };
  const product = (result.value as { product?: Raw | null } | undefined)?.product;
  if (!product || typeof product.title !== "string" || typeof product.handle !== "string" || !product.handle) return { ok: true, value: null };
  const image = imageOf(product.featuredMedia);
  const min = product.priceRangeV2?.minVariantPrice;
  const price = min && (typeof min.amount === "string" || typeof min.amount === "number") && typeof min.currencyCode === "string" ? { cents: cents(min.amount), currency: min.currencyCode } : null;
  return { ok: true, value: { title: product.title, handle: product.handle, active: product.status === "ACTIVE", imageUrl: image?.url ?? null, imageAlt: image?.alt ?? null, price } };
}

// Product cards in emails: one request for every variant a message shows. The variant's own picture,
// else the product's featured one; `updatedAt` lets a late products/update leave a fresher card alone.
export const VARIANT_CARDS = `#graphql
query CrmVariantCards($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on ProductVariant {
      id
      title
      media(first: 1) { nodes { preview { image { url altText } } } }
      product {
        id
        handle
        title
        updatedAt
        featuredMedia { preview { image { url altText } } }
      }
    }
  }
}`;

/** Shopify caps `nodes` at 250 ids a request. */
export const VARIANT_CARDS_PER_REQUEST = 250;

/** A variant as an email shows it. `variantTitle` is null for a product's only variant ("Default Title"). */
export type VariantCardView = {
  variantShopifyId: string;
  productShopifyId: string;
  handle: string;
  title: string;
  variantTitle: string | null;
  imageUrl: string | null;
  imageAlt: string | null;
  productUpdatedAt: Date | null;
};

type ImageNode = { preview?: { image?: { url?: unknown; altText?: unknown } | null } | null } | null | undefined;

const numericId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

function imageOf(media: ImageNode): { url: string; alt: string | null } | null {
  const image = media?.preview?.image;
  if (!image || typeof image.url !== "string" || !/^https:\/\//.test(image.url)) return null;
  return { url: image.url, alt: typeof image.altText === "string" && image.altText.trim() ? image.altText : null };
}

/** Cards of the variants that exist; a deleted variant (or one of another type) is left out. */
export async function readVariantCards(call: Call, variantShopifyIds: string[]): Promise<AdminResult<VariantCardView[]>> {
  const cards: VariantCardView[] = [];
  for (let i = 0; i < variantShopifyIds.length; i += VARIANT_CARDS_PER_REQUEST) {
    const ids = variantShopifyIds.slice(i, i + VARIANT_CARDS_PER_REQUEST).map((id) => (id.startsWith("gid://") ? id : `gid://shopify/ProductVariant/${id}`));
    const result = await call(VARIANT_CARDS, { ids });
    if (!result.ok) return result;
    const nodes = (result.value as { nodes?: unknown[] } | undefined)?.nodes ?? [];
    for (const raw of nodes) {
      const node = raw as { id?: unknown; title?: unknown; media?: { nodes?: ImageNode[] }; product?: Record<string, unknown> | null } | null;
      const product = node?.product as { id?: unknown; handle?: unknown; title?: unknown; updatedAt?: unknown; featuredMedia?: ImageNode } | null | undefined;
      if (!node || typeof node.id !== "string" || !product || typeof product.id !== "string" || typeof product.handle !== "string" || !product.handle || typeof product.title !== "string") continue;
      const image = imageOf(node.media?.nodes?.[0]) ?? imageOf(product.featuredMedia);
      const variantTitle = typeof node.title === "string" && node.title.trim() && node.title !== "Default Title" ? node.title : null;
      const updatedAt = typeof product.updatedAt === "string" ? new Date(product.updatedAt) : null;
      cards.push({
        variantShopifyId: numericId(node.id),
        productShopifyId: numericId(product.id),
        handle: product.handle,
        title: product.title,
        variantTitle,
        imageUrl: image?.url ?? null,
        imageAlt: image?.alt ?? null,
        productUpdatedAt: updatedAt && !Number.isNaN(updatedAt.getTime()) ? updatedAt : null,
      });
    }
  }
  return { ok: true, value: cards };
}
