// What the admin shows per scenario: this week's decisions, the one KPI with its lift over the
// holdout group, revenue, the A/B test's state and a weekly trend. Test sends count nowhere.
//
// Windows: the KPI, revenue and engagement count messages decided (sent, or held out) in the last
// KPI_WINDOW_DAYS days; `week` counts decisions of the last 7 days; the trend is 8 weekly cohorts.
import { refusalsSince } from "~/.server/channels/onsite/code-caps";
import type { Db } from "~/db.server";
import { parseAbTest, pickWinner } from "~/domain/ab-test";
import { SCENARIO_KEYS, SCENARIOS } from "~/domain/scenarios";
import { addDays } from "~/domain/schedule";
import type { ScenarioKey } from "~/domain/types";
import { tallyHoldoutGroups, tallyOnsiteEvents, tallyOnsiteOrders, type HoldoutGroupTally } from "./onsite-report-queries";
import { tallyCouponUses, tallyEngagement, tallyOnsiteWeeks, tallyVariants, tallyWeeks } from "./report-detail-queries";
import {
  tallyAudience,
  tallyGoals,
  tallyOnsite,
  tallyRevenue,
  tallyWeek,
  type AudienceTally,
  type GoalTally,
  type OnsiteTally,
  type RevenueTally,
  type WeekTally,
} from "./report-queries";

export type WeekCounts = { planned: number; sent: number; skipped: number; deferred: number; failed: number };

export type KpiFigure = {
  name: string;
  description: string;
  /** numerator ÷ denominator for the treated group, null while the denominator is 0. */
  rate: number | null;
  numerator: number;
  denominator: number;
  /** The same rate for the holdout group (got nothing), null while it is empty. */
  holdoutRate: number | null;
  holdoutSize: number;
  /** rate − holdoutRate, in rate units (0.03 = 3 points); null when either side is unknown. */
  lift: number | null;
};

export type VariantFigure = { variant: "A" | "B"; sent: number; conversions: number; rate: number | null };

export type AbReport =
  | { status: "off" }
  | { status: "collecting"; minSample: number; variants: VariantFigure[] }
  | { status: "winner"; winner: "A" | "B"; minSample: number; variants: VariantFigure[] }
  | { status: "tie"; minSample: number; variants: VariantFigure[] };

export type TrendPoint = { weekStart: string; sent: number; conversions: number; rate: number | null };

export type ScenarioSummary = {
  scenario: ScenarioKey;
  /** Days the KPI, revenue and engagement figures look back over. */
  windowDays: number;
  /** Decisions taken in the last 7 days (exit-intent: impressions in `sent`, holdout decisions in `skipped`). */
  week: WeekCounts;
  kpi: KpiFigure;
  revenueCents: number;
  currency: string | null;
};

/** One side of the modal's holdout comparison: logged-in visitors, and how many ordered after the decision. */
export type HoldoutGroup = { customers: number; ordered: number; rate: number | null };

/**
 * Exit-intent's figures over the KPI window. Events count as recorded: once per visitor session
 * (offer, holdout, impression, dismiss), per code (reveal), per visitor (signup), and only for visitors
 * whose privacy choices allow a record.
 */
export type OnsiteReport = {
  impressions: number;
  dismissals: number;
  /** Codes revealed. */
  reveals: number;
  signups: number;
  /** Orders that used a modal code. */
  codeUses: number;
  /** Orders by visitors shown the modal: with its code, or by their customer account after it (logged in, or made by a modal signup). */
  orders: number;
  ordersRevenueCents: number;
  ordersCurrency: string | null;
  /** Visitors the app decided to show the modal to, and visitors it held out (shown nothing). */
  offeredVisitors: number;
  heldOutVisitors: number;
  /**
   * The holdout comparison. Only logged-in visitors can be followed to an order in both groups (a
   * held-out visitor gets no code and cannot sign up through the modal), so the comparison is theirs:
   * the share who ordered at or after the decision, offered against held out.
   */
  loggedIn: { offered: HoldoutGroup; heldOut: HoldoutGroup; lift: number | null };
};

export type ScenarioDetail = ScenarioSummary & {
  opens: number;
  clicks: number;
  unsubscribes: number;
  couponUses: number;
  conversions: number;
  ab: AbReport;
  /** Oldest first, one point per week. */
  trend: TrendPoint[];
  /** Exit-intent: code reveals refused in the last 7 days (no offer token, or over a daily cap); null elsewhere. */
  codesRefused: number | null;
  /** Exit-intent's own figures; null for email scenarios. */
  onsite: OnsiteReport | null;
};

export const KPI_WINDOW_DAYS = 28;
export const TREND_WEEKS = 8;

const WEEK_STATUSES = ["planned", "sent", "skipped", "deferred", "failed"] as const;

const emptyWeek = (): WeekCounts => ({ planned: 0, sent: 0, skipped: 0, deferred: 0, failed: 0 });

const rate = (num: number, den: number): number | null => (den > 0 ? num / den : null);

function kpiFigure(scenario: ScenarioKey, treated: { num: number; den: number }, holdout: { num: number; den: number }): KpiFigure {
  const { name, description } = SCENARIOS[scenario].kpi;
  const r = rate(treated.num, treated.den);
  const h = rate(holdout.num, holdout.den);
  return { name, description, rate: r, numerator: treated.num, denominator: treated.den, holdoutRate: h, holdoutSize: holdout.den, lift: r !== null && h !== null ? r - h : null };
}

/** The currency most of the revenue came in; amounts in other currencies are not summed into it. */
function revenueOf(rows: { currency: string | null; cents: number }[]): { revenueCents: number; currency: string | null } {
  const byCurrency = new Map<string | null, number>();
  for (const r of rows) byCurrency.set(r.currency, (byCurrency.get(r.currency) ?? 0) + r.cents);
  let best: { revenueCents: number; currency: string | null } = { revenueCents: 0, currency: null };
  for (const [currency, cents] of byCurrency) if (cents > best.revenueCents) best = { revenueCents: cents, currency };
  return best;
}

type Tallies = { week: WeekTally[]; audience: AudienceTally[]; goals: GoalTally[]; revenue: RevenueTally[]; onsite: OnsiteTally };

function summarize(scenario: ScenarioKey, t: Tallies): ScenarioSummary {
  if (scenario === "exit-intent") {
    const uses = t.onsite.codeOrders.reduce((sum, r) => sum + r.orders, 0);
    // The KPI counts orders by the modal's code, which a held-out visitor never gets: the holdout has
    // no rate on this measure, only its size. The comparison that holds for both groups (logged-in
    // visitors who ordered) is on the scenario's report.
    const kpi = { ...kpiFigure(scenario, { num: uses, den: t.onsite.impressions }, { num: 0, den: 0 }), holdoutSize: t.onsite.heldOutVisitors };
    return {
      scenario,
      windowDays: KPI_WINDOW_DAYS,
      week: { ...emptyWeek(), sent: t.onsite.weekImpressions, skipped: t.onsite.weekHoldouts },
      kpi,
      ...revenueOf(t.onsite.codeOrders),
    };
  }
  const week = emptyWeek();
  for (const row of t.week.filter((r) => r.scenario === scenario)) {
    const status = WEEK_STATUSES.find((s) => s === row.status);
    if (status) week[status] += row.count;
  }
  const audience = { treated: 0, holdout: 0 };
  for (const row of t.audience.filter((r) => r.scenario === scenario)) audience[row.holdout ? "holdout" : "treated"] += row.count;
  const goals = (holdout: boolean) => t.goals.find((g) => g.scenario === scenario && g.holdout === holdout)?.goals ?? 0;
  return {
    scenario,
    windowDays: KPI_WINDOW_DAYS,
    week,
    kpi: kpiFigure(scenario, { num: goals(false), den: audience.treated }, { num: goals(true), den: audience.holdout }),
    ...revenueOf(t.revenue.filter((r) => r.scenario === scenario)),
  };
}

async function gather(db: Db, shop: string, now: Date, scenarios: ScenarioKey[]): Promise<Tallies> {
  const since = addDays(now, -KPI_WINDOW_DAYS);
  const weekSince = addDays(now, -7);
  const emailed = scenarios.filter((s) => s !== "exit-intent");
  const onsite = scenarios.includes("exit-intent");
  const [week, audience, goals, revenue, onsiteTally] = await Promise.all([
    tallyWeek(db, shop, weekSince, emailed),
    tallyAudience(db, shop, since, emailed),
    tallyGoals(db, shop, since, emailed),
    tallyRevenue(db, shop, since, emailed),
    onsite ? tallyOnsite(db, shop, since, weekSince) : Promise.resolve({ impressions: 0, weekImpressions: 0, heldOutVisitors: 0, weekHoldouts: 0, codeOrders: [] }),
  ]);
  return { week, audience, goals, revenue, onsite: onsiteTally };
}

/** The scenarios page: one summary per scenario, in catalogue order. Must stay fast on millions of messages. */
export async function scenarioSummaries(db: Db, shop: string, now: Date): Promise<ScenarioSummary[]> {
  const tallies = await gather(db, shop, now, SCENARIO_KEYS);
  return SCENARIO_KEYS.map((scenario) => summarize(scenario, tallies));
}

function weekStarts(now: Date): Date[] {
  return Array.from({ length: TREND_WEEKS }, (_, i) => addDays(now, -7 * (TREND_WEEKS - i)));
}

async function abReport(db: Db, shop: string, scenario: ScenarioKey, since: Date): Promise<AbReport> {
  const row = await db.scenarioSetting.findUnique({ where: { shop_scenario: { shop, scenario } }, select: { abTest: true } });
  const config = parseAbTest(row?.abTest ?? "{}");
  const tallies = await tallyVariants(db, shop, scenario, since);
  const running = Object.keys(config.subjects).length > 0;
  if (!running && tallies.every((v) => v.sent === 0)) return { status: "off" };
  const variants: VariantFigure[] = tallies.map((v) => ({ ...v, rate: rate(v.conversions, v.sent) }));
  const verdict = pickWinner(tallies, config.minSample);
  switch (verdict.status) {
    case "collecting":
      return { status: "collecting", minSample: config.minSample, variants };
    case "winner":
      return { status: "winner", winner: verdict.winner, minSample: config.minSample, variants };
    case "tie":
      return { status: "tie", minSample: config.minSample, variants };
  }
}

const holdoutGroup = (g: HoldoutGroupTally): HoldoutGroup => ({ ...g, rate: rate(g.ordered, g.customers) });

/** `codeUses`: orders with a modal code in the window, as the KPI already counted them. */
async function onsiteReport(db: Db, shop: string, since: Date, codeUses: number): Promise<OnsiteReport> {
  const [events, orders, groups] = await Promise.all([tallyOnsiteEvents(db, shop, since), tallyOnsiteOrders(db, shop, since), tallyHoldoutGroups(db, shop, since)]);
  const revenue = revenueOf(orders);
  const offered = holdoutGroup(groups.offered);
  const heldOut = holdoutGroup(groups.heldOut);
  return {
    impressions: events.impression.events,
    dismissals: events.dismiss.events,
    reveals: events.reveal.events,
    signups: events.signup.events,
    codeUses,
    orders: orders.reduce((sum, r) => sum + r.orders, 0),
    ordersRevenueCents: revenue.revenueCents,
    ordersCurrency: revenue.currency,
    offeredVisitors: events.offer.visitors,
    heldOutVisitors: events.holdout.visitors,
    loggedIn: { offered, heldOut, lift: offered.rate !== null && heldOut.rate !== null ? offered.rate - heldOut.rate : null },
  };
}

/** One scenario in depth, for its editor / report page. */
export async function scenarioDetail(db: Db, shop: string, scenario: ScenarioKey, now: Date): Promise<ScenarioDetail> {
  const since = addDays(now, -KPI_WINDOW_DAYS);
  const starts = weekStarts(now);
  const summary = summarize(scenario, await gather(db, shop, now, [scenario]));
  if (scenario === "exit-intent") {
    const [weeks, codesRefused, onsite] = await Promise.all([tallyOnsiteWeeks(db, shop, starts), refusalsSince(db, shop, addDays(now, -7), now), onsiteReport(db, shop, since, summary.kpi.numerator)]);
    return {
      codesRefused,
      ...summary,
      // The modal's opens are its impressions and its clicks the codes revealed; it has no unsubscribe.
      opens: onsite.impressions,
      clicks: onsite.reveals,
      unsubscribes: 0,
      couponUses: onsite.codeUses,
      conversions: onsite.orders,
      onsite,
      ab: { status: "off" },
      trend: weeks.map((w) => ({ weekStart: starts[w.week].toISOString(), sent: w.sent, conversions: w.goals, rate: rate(w.goals, w.sent) })),
    };
  }
  const [engagement, couponUses, ab, weeks] = await Promise.all([
    tallyEngagement(db, shop, scenario, since),
    tallyCouponUses(db, shop, scenario, since),
    abReport(db, shop, scenario, since),
    tallyWeeks(db, shop, scenario, starts),
  ]);
  return {
    ...summary,
    opens: engagement.opens,
    clicks: engagement.clicks,
    unsubscribes: engagement.unsubscribes,
    // Coupon-expiry issues no code of its own: its uses are the reminded codes that were used.
    couponUses: scenario === "coupon-expiry" ? summary.kpi.numerator : couponUses,
    conversions: engagement.conversions,
    codesRefused: null,
    onsite: null,
    ab,
    trend: starts.map((start, week) => {
      const w = weeks.find((x) => x.week === week) ?? { sent: 0, goals: 0 };
      return { weekStart: start.toISOString(), sent: w.sent, conversions: w.goals, rate: rate(w.goals, w.sent) };
    }),
  };
}
