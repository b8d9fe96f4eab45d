// The report's SQL: indexed range scans grouped in the database, never rows loaded into JS. Plain
// SQL (quoted identifiers, CASE, no date functions) so that PostgreSQL runs it unchanged.
import { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";

type Num = number | bigint | null;
const n = (value: Num): number => (value === null ? 0 : Number(value));

export type MessageTally = { scenario: string; status: string; holdout: boolean; week: number; audience: number };

/** One scan of the shop's messages decided since `since` (updatedAt ≥ sentAt, so the index bounds both). */
export async function tallyMessages(db: Db, shop: string, since: Date, weekSince: Date, scenario?: string): Promise<MessageTally[]> {
  const only = scenario ? Prisma.sql`AND "scenario" = ${scenario}` : Prisma.empty;
  const rows = await db.$queryRaw<{ scenario: string; status: string; holdout: Num | boolean; week: Num; audience: Num }[]>`
    SELECT "scenario", "status", "holdout",
      SUM(CASE WHEN "updatedAt" >= ${weekSince} AND ("status" <> 'sent' OR "sentAt" >= ${weekSince}) THEN 1 ELSE 0 END) AS "week",
      SUM(CASE WHEN "sentAt" >= ${since} AND ("status" = 'sent' OR "holdout" = true) THEN 1 ELSE 0 END) AS "audience"
    FROM "Message"
    WHERE "shop" = ${shop} AND "updatedAt" >= ${since} AND "test" = false ${only}
    GROUP BY "scenario", "status", "holdout"`;
  return rows.map((r) => ({ scenario: r.scenario, status: r.status, holdout: Boolean(Number(r.holdout)), week: n(r.week), audience: n(r.audience) }));
}

export type GoalTally = { scenario: string; holdout: boolean; goals: number };

/** Messages sent (or held out) since `since` that reached their KPI goal. */
export async function tallyGoals(db: Db, shop: string, since: Date, scenarios: string[]): Promise<GoalTally[]> {
  if (scenarios.length === 0) return [];
  const rows = await db.$queryRaw<{ scenario: string; holdout: Num | boolean; goals: Num }[]>`
    SELECT m."scenario", m."holdout", COUNT(*) AS "goals"
    FROM "MessageEvent" e JOIN "Message" m ON m."id" = e."messageId"
    WHERE e."shop" = ${shop} AND e."scenario" IN (${Prisma.join(scenarios)}) AND e."type" = 'goal' AND e."at" >= ${since}
      AND m."sentAt" >= ${since} AND m."test" = false
    GROUP BY m."scenario", m."holdout"`;
  return rows.map((r) => ({ scenario: r.scenario, holdout: Boolean(Number(r.holdout)), goals: n(r.goals) }));
}

export type RevenueTally = { scenario: string; currency: string | null; orders: number; cents: number };

/** Attributed orders (by code or click; never the holdout group's) since `since`. */
export async function tallyRevenue(db: Db, shop: string, since: Date, scenarios: string[]): Promise<RevenueTally[]> {
  if (scenarios.length === 0) return [];
  const rows = await db.$queryRaw<{ scenario: string; currency: string | null; orders: Num; cents: Num }[]>`
    SELECT e."scenario", e."currency", COUNT(*) AS "orders", SUM(e."revenueCents") AS "cents"
    FROM "MessageEvent" e JOIN "Message" m ON m."id" = e."messageId"
    WHERE e."shop" = ${shop} AND e."scenario" IN (${Prisma.join(scenarios)}) AND e."type" = 'conversion' AND e."at" >= ${since}
      AND e."via" IN ('code', 'click') AND m."test" = false
    GROUP BY e."scenario", e."currency"`;
  return rows.map((r) => ({ scenario: r.scenario, currency: r.currency, orders: n(r.orders), cents: n(r.cents) }));
}

export type OnsiteTally = { impressions: number; weekImpressions: number; codeOrders: { currency: string | null; orders: number; cents: number }[] };

/** Exit-intent has no messages: impressions from the storefront, orders from its codes. */
export async function tallyOnsite(db: Db, shop: string, since: Date, weekSince: Date): Promise<OnsiteTally> {
  const [impressions] = await db.$queryRaw<{ total: Num; week: Num }[]>`
    SELECT COUNT(*) AS "total", SUM(CASE WHEN "at" >= ${weekSince} THEN 1 ELSE 0 END) AS "week"
    FROM "OnsiteEvent"
    WHERE "shop" = ${shop} AND "scenario" = 'exit-intent' AND "type" = 'impression' AND "at" >= ${since}`;
  const orders = await db.$queryRaw<{ currency: string | null; orders: Num; cents: Num }[]>`
    SELECT o."currency", COUNT(*) AS "orders", SUM(o."totalPriceCents") AS "cents"
    FROM "Coupon" c JOIN "Order" o ON o."shop" = c."shop" AND o."shopifyId" = c."usedByOrder"
    WHERE c."shop" = ${shop} AND c."scenario" = 'exit-intent' AND c."usedAt" >= ${since}
    GROUP BY o."currency"`;
  return {
    impressions: n(impressions?.total ?? 0),
    weekImpressions: n(impressions?.week ?? 0),
    codeOrders: orders.map((r) => ({ currency: r.currency, orders: n(r.orders), cents: n(r.cents) })),
  };
}
