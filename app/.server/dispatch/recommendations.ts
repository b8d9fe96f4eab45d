// "You may also like": products bought together with the person's own in this shop's orders (the
// latest RECENT_BASKETS orders holding any of them), then the shop's best sellers (the latest
// RECENT_LINES items sold within BEST_SELLER_DAYS), never a product the person bought. One statement
// per message over OrderLine, the same text on SQLite and PostgreSQL (ADR 019).
import { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";
import { addDays } from "~/domain/schedule";

/** Best sellers are counted over this window, so a long-gone favourite does not lead forever. */
export const BEST_SELLER_DAYS = 90;
/** Bounds that keep one email's query small in a big shop: what the latest orders say is enough. */
export const RECENT_BASKETS = 2_000;
export const RECENT_LINES = 5_000;

export type Recommendation = {
  productShopifyId: string;
  /** The variant of the product's latest sale: its card gives the picture and page. */
  variantShopifyId: string | null;
  title: string;
  priceCents: number;
  currency: string | null;
  /** How many orders had it (with the person's products, or at all for a best seller). */
  orders: number;
  source: "bought_together" | "best_seller";
};

export type Person = { customerShopifyId: string | null; email: string | null };

/**
 * Up to `limit` products for the person, best first. Ties go to the lower product id, so the same data
 * gives the same list. Someone with no order yet gets best sellers only.
 */
export async function recommendProducts(db: Db, shop: string, person: Person, now: Date, limit = 3): Promise<Recommendation[]> {
  const since = addDays(now, -BEST_SELLER_DAYS);
  // Unknown halves of the person match nothing ('' is never an id or an address).
  const customer = person.customerShopifyId ?? "";
  const email = person.email?.toLowerCase() ?? "";
  // A column of the product's latest sale, read through the (shop, product, placedAt) index.
  const latest = (column: Prisma.Sql) =>
    Prisma.sql`(SELECT l2.${column} FROM "OrderLine" l2 WHERE l2."shop" = ${shop} AND l2."productShopifyId" = t."product" ORDER BY l2."placedAt" DESC, l2."id" DESC LIMIT 1)`;
  const rows = await db.$queryRaw<{ productShopifyId: string; variantShopifyId: string | null; title: string; priceCents: number | bigint; currency: string | null; orders: number | bigint; fallback: number | bigint }[]>(Prisma.sql`
    WITH "own" AS (
      SELECT o."shopifyId" AS "id" FROM "Order" o WHERE o."shop" = ${shop} AND o."customerShopifyId" = ${customer}
      UNION
      SELECT o."shopifyId" AS "id" FROM "Order" o WHERE o."shop" = ${shop} AND o."email" = ${email}
    ),
    "bought" AS (
      SELECT DISTINCT l."productShopifyId" AS "product" FROM "OrderLine" l
      WHERE l."shop" = ${shop} AND l."orderShopifyId" IN (SELECT "id" FROM "own") AND l."productShopifyId" IS NOT NULL
    ),
    "baskets" AS (
      SELECT l."orderShopifyId" AS "id" FROM "OrderLine" l
      WHERE l."shop" = ${shop} AND l."productShopifyId" IN (SELECT "product" FROM "bought")
      ORDER BY l."placedAt" DESC LIMIT ${RECENT_BASKETS}
    ),
    "together" AS (
      SELECT l."productShopifyId" AS "product", COUNT(DISTINCT l."orderShopifyId") AS "orders", 0 AS "fallback" FROM "OrderLine" l
      WHERE l."shop" = ${shop} AND l."orderShopifyId" IN (SELECT "id" FROM "baskets") AND l."productShopifyId" IS NOT NULL
        AND l."productShopifyId" NOT IN (SELECT "product" FROM "bought")
      GROUP BY l."productShopifyId"
    ),
    "sold" AS (
      SELECT l."productShopifyId" AS "product", l."orderShopifyId" AS "order" FROM "OrderLine" l
      WHERE l."shop" = ${shop} AND l."placedAt" >= ${since}
      ORDER BY l."placedAt" DESC LIMIT ${RECENT_LINES}
    ),
    "best" AS (
      SELECT "product", COUNT(DISTINCT "order") AS "orders", 1 AS "fallback" FROM "sold"
      WHERE "product" IS NOT NULL AND "product" NOT IN (SELECT "product" FROM "bought")
      GROUP BY "product"
    ),
    "top" AS (
      SELECT "product", "orders", "fallback" FROM (
        SELECT "product", "orders", "fallback" FROM "together"
        UNION ALL
        SELECT "product", "orders", "fallback" FROM "best"
      ) "ranked"
      ORDER BY "fallback", "orders" DESC, "product"
      LIMIT ${limit * 2}
    )
    SELECT t."product" AS "productShopifyId", ${latest(Prisma.sql`"variantShopifyId"`)} AS "variantShopifyId", ${latest(Prisma.sql`"title"`)} AS "title",
      ${latest(Prisma.sql`"priceCents"`)} AS "priceCents", ${latest(Prisma.sql`"currency"`)} AS "currency", t."orders" AS "orders", t."fallback" AS "fallback"
    FROM "top" t
    ORDER BY t."fallback", t."orders" DESC, t."product"`);
  // A product in both lists comes twice (bought together first): twice the limit leaves enough after this.
  const seen = new Set<string>();
  const distinct = rows.filter((r) => !seen.has(r.productShopifyId) && seen.add(r.productShopifyId)).slice(0, limit);
  return distinct.map((r) => ({
    productShopifyId: r.productShopifyId,
    variantShopifyId: r.variantShopifyId,
    title: r.title,
    priceCents: Number(r.priceCents),
    currency: r.currency,
    orders: Number(r.orders),
    source: Number(r.fallback) === 0 ? "bought_together" : "best_seller",
  }));
}
