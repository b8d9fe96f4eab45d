// The detail page's extra figures for one scenario: engagement counts, the A/B tallies, weekly cohorts.
import { Prisma } from "@prisma/client";
import type { VariantTally } from "~/domain/ab-test";
import type { Db } from "~/db.server";

type Num = number | bigint | null;
const n = (value: Num): number => (value === null ? 0 : Number(value));

export type EngagementTally = { opens: number; clicks: number; unsubscribes: number; conversions: number; goals: number };

/** Messages opened, clicked, unsubscribed from; orders credited (holdout excluded); goals reached. */
export async function tallyEngagement(db: Db, shop: string, scenario: string, since: Date): Promise<EngagementTally> {
  const rows = await db.$queryRaw<{ type: string; messages: Num; conversions: Num }[]>`
    SELECT "type", COUNT(DISTINCT "messageId") AS "messages",
      SUM(CASE WHEN "type" = 'conversion' AND "via" IN ('code', 'click') THEN 1 ELSE 0 END) AS "conversions"
    FROM "MessageEvent"
    WHERE "shop" = ${shop} AND "scenario" = ${scenario} AND "type" IN ('open', 'click', 'unsubscribe', 'conversion', 'goal') AND "at" >= ${since}
    GROUP BY "type"`;
  const of = (type: string) => n(rows.find((r) => r.type === type)?.messages ?? 0);
  return {
    opens: of("open"),
    clicks: of("click"),
    unsubscribes: of("unsubscribe"),
    conversions: n(rows.find((r) => r.type === "conversion")?.conversions ?? 0),
    goals: of("goal"),
  };
}

export async function tallyCouponUses(db: Db, shop: string, scenario: string, since: Date): Promise<number> {
  const [row] = await db.$queryRaw<{ n: Num }[]>`
    SELECT COUNT(*) AS "n" FROM "Coupon" WHERE "shop" = ${shop} AND "scenario" = ${scenario} AND "usedAt" >= ${since}`;
  return n(row?.n ?? 0);
}

/** Sends and credited orders per subject variant, over messages sent since `since`. */
export async function tallyVariants(db: Db, shop: string, scenario: string, since: Date): Promise<VariantTally[]> {
  const rows = await db.$queryRaw<{ variant: string; sent: Num; conversions: Num }[]>`
    SELECT m."variant", COUNT(*) AS "sent", SUM(CASE WHEN e."id" IS NULL THEN 0 ELSE 1 END) AS "conversions"
    FROM "Message" m
    LEFT JOIN "MessageEvent" e ON e."messageId" = m."id" AND e."type" = 'conversion' AND e."via" IN ('code', 'click')
    WHERE m."shop" = ${shop} AND m."updatedAt" >= ${since} AND m."scenario" = ${scenario} AND m."status" = 'sent'
      AND m."test" = false AND m."holdout" = false AND m."sentAt" >= ${since} AND m."variant" IN ('A', 'B')
    GROUP BY m."variant"`;
  return (["A", "B"] as const).map((variant) => {
    const row = rows.find((r) => r.variant === variant);
    return { variant, sent: n(row?.sent ?? 0), conversions: n(row?.conversions ?? 0) };
  });
}

/** `case` expression numbering the week (0 = oldest) a timestamp falls in; null before the first. */
function weekIndex(column: Prisma.Sql, starts: Date[]): Prisma.Sql {
  const arms = starts
    .map((start, i) => ({ start, i }))
    .reverse()
    .map(({ start, i }) => Prisma.sql`WHEN ${column} >= ${start} THEN ${i}`);
  return Prisma.sql`CASE ${Prisma.join(arms, " ")} ELSE NULL END`;
}

export type WeekTally = { week: number; sent: number; goals: number };

/** Weekly cohorts of treated messages: how many were sent, how many of those reached the goal. */
export async function tallyWeeks(db: Db, shop: string, scenario: string, starts: Date[]): Promise<WeekTally[]> {
  const since = starts[0];
  const rows = await db.$queryRaw<{ week: Num; sent: Num; goals: Num }[]>`
    SELECT ${weekIndex(Prisma.sql`m."sentAt"`, starts)} AS "week", COUNT(*) AS "sent", SUM(CASE WHEN g."id" IS NULL THEN 0 ELSE 1 END) AS "goals"
    FROM "Message" m
    LEFT JOIN "MessageEvent" g ON g."key" = 'goal:' || m."id"
    WHERE m."shop" = ${shop} AND m."updatedAt" >= ${since} AND m."scenario" = ${scenario} AND m."status" = 'sent'
      AND m."test" = false AND m."holdout" = false AND m."sentAt" >= ${since}
    GROUP BY 1`;
  return rows.filter((r) => r.week !== null).map((r) => ({ week: n(r.week), sent: n(r.sent), goals: n(r.goals) }));
}

/** Exit-intent's weeks: impressions, and orders with its codes. */
export async function tallyOnsiteWeeks(db: Db, shop: string, starts: Date[]): Promise<WeekTally[]> {
  const since = starts[0];
  const impressions = await db.$queryRaw<{ week: Num; n: Num }[]>`
    SELECT ${weekIndex(Prisma.sql`"at"`, starts)} AS "week", COUNT(*) AS "n" FROM "OnsiteEvent"
    WHERE "shop" = ${shop} AND "scenario" = 'exit-intent' AND "type" = 'impression' AND "at" >= ${since} GROUP BY 1`;
  const uses = await db.$queryRaw<{ week: Num; n: Num }[]>`
    SELECT ${weekIndex(Prisma.sql`"usedAt"`, starts)} AS "week", COUNT(*) AS "n" FROM "Coupon"
    WHERE "shop" = ${shop} AND "scenario" = 'exit-intent' AND "usedAt" >= ${since} GROUP BY 1`;
  return starts.map((_, week) => ({
    week,
    sent: n(impressions.find((r) => n(r.week) === week)?.n ?? 0),
    goals: n(uses.find((r) => n(r.week) === week)?.n ?? 0),
  }));
}
