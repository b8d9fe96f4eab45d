// The report's SQL: indexed range scans grouped in the database, never rows loaded into JS. Plain
// SQL (quoted identifiers, CASE, no date functions) so that PostgreSQL runs it unchanged.
import { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";

type Num = number | bigint | null;
const n = (value: Num): number => (value === null ? 0 : Number(value));

export type WeekTally = { scenario: string; status: string; count: number };

/** Decisions of the last week by status (a sent message counts from its send, not a later click). */
export async function tallyWeek(db: Db, shop: string, weekSince: Date, scenarios: string[]): Promise<WeekTally[]> {
  if (scenarios.length === 0) return [];
  const rows = await db.$queryRaw<{ scenario: string; status: string; n: Num }[]>`
    SELECT "scenario", "status", COUNT(*) AS "n"
    FROM "Message"
    WHERE "shop" = ${shop} AND "updatedAt" >= ${weekSince} AND "test" = false AND "scenario" IN (${Prisma.join(scenarios)})
      AND ("status" <> 'sent' OR "sentAt" >= ${weekSince})
    GROUP BY "scenario", "status"`;
  return rows.map((r) => ({ scenario: r.scenario, status: r.status, count: n(r.n) }));
}

export type AudienceTally = { scenario: string; holdout: boolean; count: number };

/**
 * The KPI's denominators: messages sent, and holdout messages (recorded as skipped at the moment
 * they would have been sent), since `since`. Each is one seek per scenario in the audience index.
 * A win-back series counts once, by its first step (~/domain/kpi-goals).
 */
export async function tallyAudience(db: Db, shop: string, since: Date, scenarios: string[]): Promise<AudienceTally[]> {
  if (scenarios.length === 0) return [];
  const group = (status: string, holdout: boolean) => db.$queryRaw<{ scenario: string; n: Num }[]>`
    SELECT "scenario", COUNT(*) AS "n"
    FROM "Message"
    WHERE "shop" = ${shop} AND "status" = ${status} AND "holdout" = ${Prisma.raw(holdout ? "true" : "false")} AND "test" = false
      AND "scenario" IN (${Prisma.join(scenarios)}) AND "sentAt" >= ${since} AND ("scenario" <> 'win-back' OR "step" = 0)
    GROUP BY "scenario"`;
  const [treated, held] = await Promise.all([group("sent", false), group("skipped", true)]);
  return [
    ...treated.map((r) => ({ scenario: r.scenario, holdout: false, count: n(r.n) })),
    ...held.map((r) => ({ scenario: r.scenario, holdout: true, count: n(r.n) })),
  ];
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

export type OnsiteTally = {
  impressions: number;
  weekImpressions: number;
  /** Visitors the modal would have opened for who were shown nothing, and such decisions of the last week. */
  heldOutVisitors: number;
  weekHoldouts: number;
  codeOrders: { currency: string | null; orders: number; cents: number }[];
};

/** Exit-intent has no messages: impressions and holdout decisions from the storefront, orders from its codes. */
export async function tallyOnsite(db: Db, shop: string, since: Date, weekSince: Date): Promise<OnsiteTally> {
  const events = await db.$queryRaw<{ type: string; total: Num; week: Num; visitors: Num }[]>`
    SELECT "type", COUNT(*) AS "total", SUM(CASE WHEN "at" >= ${weekSince} THEN 1 ELSE 0 END) AS "week",
      COUNT(DISTINCT CASE WHEN "type" = 'holdout' THEN "visitorId" ELSE NULL END) AS "visitors"
    FROM "OnsiteEvent"
    WHERE "shop" = ${shop} AND "scenario" = 'exit-intent' AND "type" IN ('impression', 'holdout') AND "at" >= ${since}
    GROUP BY "type"`;
  const orders = await db.$queryRaw<{ currency: string | null; orders: Num; cents: Num }[]>`
    SELECT o."currency", COUNT(*) AS "orders", SUM(o."totalPriceCents") AS "cents"
    FROM "Coupon" c JOIN "Order" o ON o."shop" = c."shop" AND o."shopifyId" = c."usedByOrder"
    WHERE c."shop" = ${shop} AND c."scenario" = 'exit-intent' AND c."usedAt" >= ${since}
    GROUP BY o."currency"`;
  const impressions = events.find((r) => r.type === "impression");
  const holdouts = events.find((r) => r.type === "holdout");
  return {
    impressions: n(impressions?.total ?? 0),
    weekImpressions: n(impressions?.week ?? 0),
    heldOutVisitors: n(holdouts?.visitors ?? 0),
    weekHoldouts: n(holdouts?.week ?? 0),
    codeOrders: orders.map((r) => ({ currency: r.currency, orders: n(r.orders), cents: n(r.cents) })),
  };
}
