// The cards of the variants an email shows (picture, title, page), read through the Admin API once and
// kept in VariantCard until the product changes (products/update and products/delete remove them,
// ~/.server/webhooks/apply). A failed read never stops an email: it goes without pictures (ADR 019).
import type { Db } from "~/db.server";
import type { AdminApi } from "~/.server/shopify/admin-api";
import { describeAdminError } from "~/.server/shopify/admin-api";
import type { VariantCardView } from "~/.server/shopify/products";

export type VariantCards = Map<string, VariantCardView>;

const present = (ids: (string | null | undefined)[]) => [...new Set(ids.filter((id): id is string => typeof id === "string" && id !== ""))];

/** The cards of these variants: stored ones as they are, the others read in one request and stored. */
export async function loadVariantCards(
  deps: { db: Db; admin: AdminApi; log?: (line: string) => void },
  shop: string,
  variantShopifyIds: (string | null | undefined)[],
  now: Date,
): Promise<VariantCards> {
  const ids = present(variantShopifyIds);
  const cards: VariantCards = new Map();
  if (ids.length === 0) return cards;
  const stored = await deps.db.variantCard.findMany({ where: { shop, variantShopifyId: { in: ids } } });
  for (const row of stored) cards.set(row.variantShopifyId, row);
  const missing = ids.filter((id) => !cards.has(id));
  if (missing.length === 0) return cards;

  const read = await deps.admin.variantCards(shop, missing);
  if (!read.ok) {
    deps.log?.(`product cards shop=${shop}: ${missing.length} variant(s) sent without pictures: ${describeAdminError(read.error)}`);
    return cards;
  }
  for (const card of read.value) {
    cards.set(card.variantShopifyId, card);
    const data = { ...card, fetchedAt: now };
    try {
      await deps.db.variantCard.upsert({ where: { shop_variantShopifyId: { shop, variantShopifyId: card.variantShopifyId } }, create: { shop, ...data }, update: data });
    } catch (e) {
      // Another dispatcher stored the same card a moment ago: the email already has it.
      deps.log?.(`product cards shop=${shop}: variant ${card.variantShopifyId} not stored (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  return cards;
}

/** The product's page on the shop's domain, on the variant when it is known. */
export function productUrl(storefront: string, handle: string, variantShopifyId: string | null | undefined): string {
  const base = `${storefront.replace(/\/+$/, "")}/products/${encodeURIComponent(handle)}`;
  return variantShopifyId && /^\d+$/.test(variantShopifyId) ? `${base}?variant=${variantShopifyId}` : base;
}

/**
 * The cards' rows forget a product that changed. A products/update older than the card stored leaves it
 * (webhooks may arrive out of order); products/delete (no time) forgets it in any case.
 */
export function forgetProductWhere(shop: string, productShopifyId: string, updatedAt: Date | null) {
  return updatedAt
    ? { shop, productShopifyId, OR: [{ productUpdatedAt: null }, { productUpdatedAt: { lt: updatedAt } }] }
    : { shop, productShopifyId };
}
