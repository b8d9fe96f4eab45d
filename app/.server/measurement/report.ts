// What the admin shows per scenario: this week's decisions, the one KPI with its lift over the
// holdout group, revenue, the A/B test's state and a weekly trend. Test sends count nowhere.
import type { Db } from "~/db.server";
import { SCENARIO_KEYS, SCENARIOS } from "~/domain/scenarios";
import type { ScenarioKey } from "~/domain/types";

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
  /** Decisions taken in the last 7 days (exit-intent: impressions in `sent`). */
  week: WeekCounts;
  kpi: KpiFigure;
  revenueCents: number;
  currency: string | null;
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
};

const emptyWeek = (): WeekCounts => ({ planned: 0, sent: 0, skipped: 0, deferred: 0, failed: 0 });

function emptyKpi(scenario: ScenarioKey): KpiFigure {
  const { name, description } = SCENARIOS[scenario].kpi;
  return { name, description, rate: null, numerator: 0, denominator: 0, holdoutRate: null, holdoutSize: 0, lift: null };
}

/** The scenarios page: one summary per scenario, in catalogue order. Must stay fast on millions of messages. */
export async function scenarioSummaries(_db: Db, _shop: string, _now: Date): Promise<ScenarioSummary[]> {
  return SCENARIO_KEYS.map((scenario) => ({ scenario, week: emptyWeek(), kpi: emptyKpi(scenario), revenueCents: 0, currency: null }));
}

/** One scenario in depth, for its editor / report page. */
export async function scenarioDetail(_db: Db, _shop: string, scenario: ScenarioKey, _now: Date): Promise<ScenarioDetail> {
  return {
    scenario,
    week: emptyWeek(),
    kpi: emptyKpi(scenario),
    revenueCents: 0,
    currency: null,
    opens: 0,
    clicks: 0,
    unsubscribes: 0,
    couponUses: 0,
    conversions: 0,
    ab: { status: "off" },
    trend: [],
  };
}
