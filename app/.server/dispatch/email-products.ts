// The products one email shows: the checkout's items, the order's items (each with its review link),
// and "you may also like", each as a card with picture, title, variant, price and a page on the shop's
// primary domain. Every variant's card is read in one go (./product-cards); what cannot be read is shown
// without a picture, and a recommendation that cannot be read is left out: none of it stops an email.
import type { OrderLine, Shop } from "@prisma/client";
import type { Db } from "~/db.server";
import { fillReviewUrl } from "~/domain/review-link";
import type { AdminApi } from "~/.server/shopify/admin-api";
import { formatMoney, type CheckoutItemVars, type OrderItemVars, type RecommendationVars } from "~/.server/channels/email/variables";
import { loadVariantCards, productUrl, type VariantCards } from "./product-cards";
import { recommendProducts, type Person, type Recommendation } from "./recommendations";

/** A line as the projection keeps it, on a checkout (JSON) or an order (OrderLine). */
export type Line = { title: string; variantTitle: string | null; quantity: number; priceCents: number; productShopifyId: string | null; variantShopifyId: string | null };

/** How many products "you may also like" shows. */
export const RECOMMENDATION_COUNT = 3;

/** A checkout's stored line items; rows kept before the ids were stored have none (no picture then). */
export function checkoutLines(json: string): Line[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const id = (v: unknown) => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : null);
  return parsed.flatMap((raw): Line[] => {
    const item = (raw ?? {}) as Record<string, unknown>;
    if (typeof item.title !== "string") return [];
    // Projected rows store unit prices in cents; older rows named the field `price`.
    const cents = typeof item.priceCents === "number" ? item.priceCents : typeof item.price === "number" ? item.price : 0;
    return [
      {
        title: item.title,
        variantTitle: typeof item.variantTitle === "string" ? item.variantTitle : null,
        quantity: typeof item.quantity === "number" ? item.quantity : 1,
        priceCents: cents,
        productShopifyId: id(item.productShopifyId),
        variantShopifyId: id(item.variantShopifyId),
      },
    ];
  });
}

type Money = { currency: string | null; locale: string };

/**
 * A line as the template sees it. The line's own title and variant (what the person chose, at the
 * time); the picture and page from the card. Without a card (a custom item, a deleted product, a failed
 * read) the link goes to the shop's front page and the card is text only.
 */
export function itemVars(line: Line, cards: VariantCards, storefront: string, money: Money): CheckoutItemVars {
  const card = line.variantShopifyId ? cards.get(line.variantShopifyId) : undefined;
  return {
    title: line.title || card?.title || "",
    variant_title: line.variantTitle ?? card?.variantTitle ?? null,
    quantity: line.quantity,
    price: formatMoney(line.priceCents, money.currency, money.locale),
    url: card ? productUrl(storefront, card.handle, line.variantShopifyId) : storefront,
    image_url: card?.imageUrl ?? null,
    image_alt: card?.imageAlt ?? null,
  };
}

/** Each bought product with its own review link (the shop's pattern), else the customer's orders page. */
export function orderItemVars(lines: Line[], cards: VariantCards, shop: Pick<Shop, "reviewUrlPattern">, storefront: string, money: Money): OrderItemVars[] {
  return lines.map((line) => {
    const card = line.variantShopifyId ? cards.get(line.variantShopifyId) : undefined;
    const review = card ? fillReviewUrl(shop.reviewUrlPattern, storefront, card.handle) : null;
    return { ...itemVars(line, cards, storefront, money), review_url: review ?? `${storefront.replace(/\/+$/, "")}/account/orders` };
  });
}

/** Only products whose card could be read: a recommendation without a page to link to is no use. */
export function recommendationVars(recs: Recommendation[], cards: VariantCards, storefront: string, locale: string): RecommendationVars[] {
  return recs.flatMap((rec) => {
    const card = rec.variantShopifyId ? cards.get(rec.variantShopifyId) : undefined;
    if (!card) return [];
    return [{ title: card.title, url: productUrl(storefront, card.handle, null), image_url: card.imageUrl, image_alt: card.imageAlt, price: formatMoney(rec.priceCents, rec.currency, locale) }];
  });
}

export type EmailProducts = { checkoutItems: CheckoutItemVars[] | null; orderItems: OrderItemVars[] | null; recommendations: RecommendationVars[] | null };

export type EmailProductsInput = {
  shop: Shop;
  storefront: string;
  locale: string;
  checkout: { lineItems: string; currency: string | null } | null;
  /** The order the email is about, for the scenarios that show what was bought. */
  order: { shopifyId: string; currency: string | null } | null;
  /** Who to recommend to; null: no "you may also like". */
  recommendFor: Person | null;
  now: Date;
};

export async function loadEmailProducts(deps: { db: Db; admin: AdminApi; log?: (line: string) => void }, input: EmailProductsInput): Promise<EmailProducts> {
  const { db, log } = deps;
  const shop = input.shop.domain;
  const checkout = input.checkout ? checkoutLines(input.checkout.lineItems) : null;
  const orderLines: OrderLine[] | null = input.order
    ? await db.orderLine.findMany({ where: { shop, orderShopifyId: input.order.shopifyId }, orderBy: { position: "asc" } })
    : null;
  let recs: Recommendation[] = [];
  if (input.recommendFor) {
    try {
      // A few more than shown: a product deleted since its last sale has no card and drops out.
      recs = await recommendProducts(db, shop, input.recommendFor, input.now, RECOMMENDATION_COUNT + 2);
    } catch (e) {
      log?.(`recommendations shop=${shop}: left out (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  const cards = await loadVariantCards(deps, shop, [...(checkout ?? []), ...(orderLines ?? []), ...recs].map((l) => l.variantShopifyId), input.now);
  return {
    checkoutItems: checkout && input.checkout ? checkout.map((l) => itemVars(l, cards, input.storefront, { currency: input.checkout!.currency, locale: input.locale })) : null,
    orderItems: orderLines && input.order ? orderItemVars(orderLines, cards, input.shop, input.storefront, { currency: input.order.currency, locale: input.locale }) : null,
    recommendations: input.recommendFor ? recommendationVars(recs, cards, input.storefront, input.locale).slice(0, RECOMMENDATION_COUNT) : null,
  };
}
