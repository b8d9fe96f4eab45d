// Who a scenario reaches, before the merchant switches it on: its audience now, the people its trigger
// caught in the last 30 days (from the events we store), whether that is enough to measure its KPI
// against the holdout, and how many of those people other switched-on scenarios reach too. Grouped SQL
// over indexes, with the segment definitions of ~/domain/segments written once, as SQL, here.
import { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";
import { addDays } from "~/domain/schedule";
import { SEGMENTS, type Audience, type Segment, type SegmentThresholds } from "~/domain/segments";
import type { ScenarioKey } from "~/domain/types";

/** The window the merchant is shown: what the scenario would have done over the last 30 days. */
export const REACH_DAYS = 30;

type SegmentSql = { shop: string; thresholds: SegmentThresholds; vipCutoff: number | null; now: Date };

/**
 * The SQL condition "customer row `c` is in `segment` at `now`", the same definition as
 * ~/domain/segments `segmentsOf`. Never NULL: a person without a customer row is in no segment.
 */
export function segmentCondition(segment: Segment, { shop, thresholds, vipCutoff, now }: SegmentSql): Prisma.Sql {
  const cond = ((): Prisma.Sql => {
    switch (segment) {
      case "new":
        return Prisma.sql`c."ordersCount" = 0 AND c."signedUpAt" IS NOT NULL AND c."signedUpAt" <= ${now}`;
      case "first_time_buyer":
        return Prisma.sql`c."ordersCount" = 1`;
      case "repeat":
        return Prisma.sql`c."ordersCount" >= 2`;
      case "loyal":
        return Prisma.sql`c."ordersCount" >= ${thresholds.loyalOrders}`;
      case "vip":
        return vipCutoff === null ? Prisma.sql`1 = 0` : Prisma.sql`c."totalSpentCents" > 0 AND c."totalSpentCents" >= ${vipCutoff}`;
      case "dormant":
        return Prisma.sql`c."ordersCount" > 0 AND c."lastOrderAt" IS NOT NULL AND c."lastOrderAt" <= ${addDays(now, -thresholds.dormantDays)}`;
      case "engaged":
        // Uncorrelated: the shop's recent openers and clickers are read once, not once per customer.
        return Prisma.sql`c."email" IN (SELECT em."email" FROM "MessageEvent" ee JOIN "Message" em ON em."id" = ee."messageId"
          WHERE ee."shop" = ${shop} AND ee."type" IN ('open', 'click') AND em."email" IS NOT NULL
            AND ee."at" > ${addDays(now, -thresholds.engagedDays)} AND ee."at" <= ${now})`;
    }
  })();
  return Prisma.sql`COALESCE((${cond}), FALSE)`;
}

/** The SQL condition "customer row `c` (possibly absent) is in the audience". */
export function audienceCondition(audience: Audience, segments: SegmentSql): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (audience.include.length > 0) parts.push(Prisma.sql`(${Prisma.join(audience.include.map((s) => segmentCondition(s, segments)), " OR ")})`);
  for (const s of audience.exclude) parts.push(Prisma.sql`NOT ${segmentCondition(s, segments)}`);
  return parts.length > 0 ? Prisma.join(parts, " AND ") : Prisma.sql`1 = 1`;
}

export type SegmentSizes = Record<Segment, number>;

/** How many people each segment holds now: one grouped scan of the shop's customers. */
export async function segmentSizes(db: Db, shop: string, thresholds: SegmentThresholds, vipCutoff: number | null, now: Date): Promise<SegmentSizes> {
  const segments = { shop, thresholds, vipCutoff, now };
  const columns = SEGMENTS.map((s) => Prisma.sql`SUM(CASE WHEN ${segmentCondition(s, segments)} THEN 1 ELSE 0 END) AS ${Prisma.raw(`"${s}"`)}`);
  const [row] = await db.$queryRaw<Record<string, number | bigint | null>[]>`SELECT ${Prisma.join(columns, ", ")} FROM "Customer" c WHERE c."shop" = ${shop}`;
  return Object.fromEntries(SEGMENTS.map((s) => [s, Number(row?.[s] ?? 0)])) as SegmentSizes;
}

/**
 * The people a scenario's trigger caught in [since, now], by lower-cased email, from what we store:
 * sign-ups, checkouts left unfinished, codes that ended unused, deliveries. Exit-intent speaks to
 * storefront visitors, who have no email until they sign up: it has no email reach.
 */
function caughtSql(key: ScenarioKey, shop: string, since: Date, now: Date, dormantDays: number): Prisma.Sql | null {
  switch (key) {
    case "welcome":
      return Prisma.sql`SELECT LOWER(x."email") AS "email" FROM "Customer" x WHERE x."shop" = ${shop} AND x."email" IS NOT NULL AND x."signedUpAt" > ${since} AND x."signedUpAt" <= ${now}`;
    case "cart-recovery":
      return Prisma.sql`SELECT LOWER(x."email") AS "email" FROM "Checkout" x WHERE x."shop" = ${shop} AND x."email" IS NOT NULL AND x."startedAt" > ${since} AND x."startedAt" <= ${now} AND x."completedAt" IS NULL`;
    case "coupon-expiry":
      return Prisma.sql`SELECT LOWER(x."email") AS "email" FROM "Coupon" x WHERE x."shop" = ${shop} AND x."email" IS NOT NULL AND x."status" = 'active' AND x."endsAt" > ${since} AND x."endsAt" <= ${now} AND x."usedAt" IS NULL`;
    case "post-delivery":
      return Prisma.sql`SELECT LOWER(x."email") AS "email" FROM "Order" x WHERE x."shop" = ${shop} AND x."email" IS NOT NULL AND x."deliveredAt" > ${since} AND x."deliveredAt" <= ${now} AND x."cancelledAt" IS NULL`;
    case "second-order":
      // First orders only: no earlier order from the same address.
      return Prisma.sql`SELECT LOWER(x."email") AS "email" FROM "Order" x WHERE x."shop" = ${shop} AND x."email" IS NOT NULL AND x."deliveredAt" > ${since} AND x."deliveredAt" <= ${now} AND x."cancelledAt" IS NULL
        AND NOT EXISTS (SELECT 1 FROM "Order" y WHERE y."shop" = x."shop" AND y."email" = x."email" AND y."placedAt" < x."placedAt")`;
    case "win-back":
      // Buyers who turned dormant in the window: their last order is `dormantDays` older than a moment in it.
      return Prisma.sql`SELECT LOWER(x."email") AS "email" FROM "Customer" x WHERE x."shop" = ${shop} AND x."email" IS NOT NULL AND x."ordersCount" > 0
        AND x."lastOrderAt" > ${addDays(since, -dormantDays)} AND x."lastOrderAt" <= ${addDays(now, -dormantDays)}`;
    case "browse-abandonment":
    case "cart-abandonment": {
      // Identified shoppers the web pixel reported viewing (or carting) a product in the window.
      const type = key === "browse-abandonment" ? "product_viewed" : "product_added_to_cart";
      return Prisma.sql`SELECT LOWER(c."email") AS "email" FROM "ShopperEvent" x JOIN "Customer" c ON c."shop" = x."shop" AND c."shopifyId" = x."customerShopifyId"
        WHERE x."shop" = ${shop} AND x."type" = ${type} AND x."at" > ${since} AND x."at" <= ${now} AND c."email" IS NOT NULL`;
    }
    case "exit-intent":
      return null;
  }
}

export type ReachInput = {
  shop: string;
  scenario: ScenarioKey;
  audience: Audience;
  /** The other scenarios switched on, each with its audience. */
  others: { scenario: ScenarioKey; audience: Audience }[];
  thresholds: SegmentThresholds;
  vipCutoff: number | null;
  now: Date;
};

export type Reach = {
  /** People in the audience now who can receive marketing email (an address and consent). */
  now: number;
  /** People the trigger caught in the last 30 days who are in the audience (as it stands today). */
  last30Days: number | null;
  /** Of those, how many each other switched-on scenario also caught. */
  overlaps: { scenario: ScenarioKey; people: number }[];
};

export async function scenarioReach(db: Db, input: ReachInput): Promise<Reach> {
  const { shop, now } = input;
  const segments = { shop, thresholds: input.thresholds, vipCutoff: input.vipCutoff, now };
  const since = addDays(now, -REACH_DAYS);
  const [row] = await db.$queryRaw<{ n: number | bigint | null }[]>`
    SELECT COUNT(*) AS "n" FROM "Customer" c
    WHERE c."shop" = ${shop} AND c."email" IS NOT NULL AND c."emailConsent" = 'subscribed' AND ${audienceCondition(input.audience, segments)}`;
  const reachNow = Number(row?.n ?? 0);

  const own = caughtSql(input.scenario, shop, since, now, input.thresholds.dormantDays);
  if (!own) return { now: reachNow, last30Days: null, overlaps: [] };
  // One arm per scenario: the people its trigger caught, filtered by its audience (a LEFT JOIN: a
  // guest buyer with no customer row is in no segment, and in an audience that names none).
  const arm = (key: ScenarioKey, audience: Audience, caught: Prisma.Sql) =>
    Prisma.sql`SELECT DISTINCT CAST(${key} AS TEXT) AS "scenario", t."email" AS "email" FROM (${caught}) t
      LEFT JOIN "Customer" c ON c."shop" = ${shop} AND c."email" = t."email"
      WHERE ${audienceCondition(audience, segments)}`;
  const arms = [arm(input.scenario, input.audience, own)];
  for (const other of input.others) {
    const caught = other.scenario === input.scenario ? null : caughtSql(other.scenario, shop, since, now, input.thresholds.dormantDays);
    if (caught) arms.push(arm(other.scenario, other.audience, caught));
  }
  const rows = await db.$queryRaw<{ scenario: string; n: number | bigint }[]>`
    WITH "reach" AS (${Prisma.join(arms, " UNION ALL ")})
    SELECT o."scenario" AS "scenario", COUNT(*) AS "n" FROM "reach" r JOIN "reach" o ON o."email" = r."email"
    WHERE r."scenario" = CAST(${input.scenario} AS TEXT) GROUP BY o."scenario"`;
  // The self-join pairs each of the scenario's people with itself too: that row is its total.
  const total = rows.find((r) => r.scenario === input.scenario);
  return {
    now: reachNow,
    last30Days: Number(total?.n ?? 0),
    overlaps: rows
      .filter((r) => r.scenario !== input.scenario)
      .map((r) => ({ scenario: r.scenario as ScenarioKey, people: Number(r.n) }))
      .sort((a, b) => b.people - a.people),
  };
}
