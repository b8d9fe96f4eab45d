// The exit-intent report's SQL: the storefront's events, the orders its visitors placed, and the
// holdout comparison. Each query reads one range of the OnsiteEvent (shop, scenario, type, at, visitor,
// customer) index and looks orders up by their own indexes; grouped in the database, portable SQL.
//
// How an order is tied to a visitor: by a modal code on the order (the coupon names its visitor), or by
// the customer account (a logged-in visitor's, or the one a modal signup made) when the order comes
// after the modal. An anonymous visitor who neither used the code nor signed up cannot be tied to an
// order at all: nothing the storefront sends follows them into checkout.
import type { Db } from "~/db.server";

type Num = number | bigint | null;
const n = (value: Num): number => (value === null ? 0 : Number(value));

const ONSITE_EVENT_TYPES = ["offer", "holdout", "impression", "dismiss", "reveal", "signup"] as const;
export type OnsiteEventCount = { events: number; visitors: number };
export type OnsiteEventTally = Record<(typeof ONSITE_EVENT_TYPES)[number], OnsiteEventCount>;

/** Events of each type since `since` (once per visitor session, per code or per visitor, as recorded), and the visitors behind them. */
export async function tallyOnsiteEvents(db: Db, shop: string, since: Date): Promise<OnsiteEventTally> {
  const rows = await db.$queryRaw<{ type: string; events: Num; visitors: Num }[]>`
    SELECT "type", COUNT(*) AS "events", COUNT(DISTINCT "visitorId") AS "visitors"
    FROM "OnsiteEvent"
    WHERE "shop" = ${shop} AND "scenario" = 'exit-intent' AND "type" IN ('offer', 'holdout', 'impression', 'dismiss', 'reveal', 'signup') AND "at" >= ${since}
    GROUP BY "type"`;
  const of = (type: string): OnsiteEventCount => {
    const row = rows.find((r) => r.type === type);
    return { events: n(row?.events ?? 0), visitors: n(row?.visitors ?? 0) };
  };
  return Object.fromEntries(ONSITE_EVENT_TYPES.map((type) => [type, of(type)])) as OnsiteEventTally;
}

export type OnsiteOrderTally = { currency: string | null; orders: number; cents: number };

/**
 * Orders since `since` by visitors shown the modal: with a modal code, or placed by a customer after
 * the modal opened for them logged in, or after they signed up through it. Each order once (the
 * union drops an order reached both ways).
 */
export async function tallyOnsiteOrders(db: Db, shop: string, since: Date): Promise<OnsiteOrderTally[]> {
  const rows = await db.$queryRaw<{ currency: string | null; orders: Num; cents: Num }[]>`
    SELECT o."currency", COUNT(*) AS "orders", SUM(o."totalPriceCents") AS "cents"
    FROM (
      SELECT u."id", u."currency", u."totalPriceCents"
      FROM "Coupon" c JOIN "Order" u ON u."shop" = c."shop" AND u."shopifyId" = c."usedByOrder"
      WHERE c."shop" = ${shop} AND c."scenario" = 'exit-intent' AND c."usedAt" >= ${since}
      UNION
      SELECT b."id", b."currency", b."totalPriceCents"
      FROM "OnsiteEvent" e JOIN "Order" b ON b."shop" = e."shop" AND b."customerShopifyId" = e."customerShopifyId" AND b."placedAt" >= e."at"
      WHERE e."shop" = ${shop} AND e."scenario" = 'exit-intent' AND e."type" IN ('impression', 'signup') AND e."at" >= ${since}
        AND e."customerShopifyId" IS NOT NULL
    ) o
    GROUP BY o."currency"`;
  return rows.map((r) => ({ currency: r.currency, orders: n(r.orders), cents: n(r.cents) }));
}

export type HoldoutGroupTally = { customers: number; ordered: number };

/**
 * The holdout comparison, over logged-in visitors only: the customers the app decided (since `since`)
 * to offer the modal to, and to hold out, and how many of each placed an order at or after that
 * decision. Both groups are decided by the same request and tied to orders the same way (the customer
 * account), which is what makes the two rates comparable; a code, a signup or an anonymous visitor
 * would count on one side only.
 */
export async function tallyHoldoutGroups(db: Db, shop: string, since: Date): Promise<{ offered: HoldoutGroupTally; heldOut: HoldoutGroupTally }> {
  const rows = await db.$queryRaw<{ type: string; customers: Num; ordered: Num }[]>`
    SELECT e."type", COUNT(DISTINCT e."customerShopifyId") AS "customers",
      COUNT(DISTINCT CASE WHEN o."id" IS NULL THEN NULL ELSE e."customerShopifyId" END) AS "ordered"
    FROM "OnsiteEvent" e
    LEFT JOIN "Order" o ON o."shop" = e."shop" AND o."customerShopifyId" = e."customerShopifyId" AND o."placedAt" >= e."at"
    WHERE e."shop" = ${shop} AND e."scenario" = 'exit-intent' AND e."type" IN ('offer', 'holdout') AND e."at" >= ${since}
      AND e."customerShopifyId" IS NOT NULL
    GROUP BY e."type"`;
  const of = (type: string): HoldoutGroupTally => {
    const row = rows.find((r) => r.type === type);
    return { customers: n(row?.customers ?? 0), ordered: n(row?.ordered ?? 0) };
  };
  return { offered: of("offer"), heldOut: of("holdout") };
}
