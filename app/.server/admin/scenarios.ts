// The scenarios page: every prebuilt scenario with its switch, timing in words, KPI and this week's
// counts. Two queries whatever the size of the message log: the settings rows and the summaries.
import type { Db } from "~/db.server";
import { scenarioSummaries, type KpiFigure, type WeekCounts } from "~/.server/measurement/report";
import { SCENARIO_KEYS, SCENARIOS, isScenarioKey, scenarioSettings } from "~/domain/scenarios";
import type { ScenarioKey } from "~/domain/types";
import type { Translate } from "~/i18n";
import { timingWords } from "~/i18n/timing";

export type ScenarioRow = {
  key: ScenarioKey;
  enabled: boolean;
  channel: "email" | "onsite";
  timing: string;
  week: WeekCounts;
  kpi: KpiFigure;
  revenueCents: number;
  currency: string | null;
};

function parseJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

export async function scenarioRows(db: Db, shop: string, now: Date, t: Translate): Promise<ScenarioRow[]> {
  const [settings, summaries, row] = await Promise.all([
    db.scenarioSetting.findMany({ where: { shop }, select: { scenario: true, enabled: true, settings: true } }),
    scenarioSummaries(db, shop, now),
    db.shop.findUnique({ where: { domain: shop }, select: { segmentDormantDays: true } }),
  ]);
  const byKey = new Map(settings.map((s) => [s.scenario, s]));
  const summaryByKey = new Map(summaries.map((s) => [s.scenario, s]));
  return SCENARIO_KEYS.map((key) => {
    const setting = byKey.get(key);
    const summary = summaryByKey.get(key);
    return {
      key,
      enabled: setting?.enabled ?? false,
      channel: SCENARIOS[key].channel,
      timing: timingWords(key, scenarioSettings(key, parseJson(setting?.settings)), t, row?.segmentDormantDays),
      week: summary?.week ?? { planned: 0, sent: 0, skipped: 0, deferred: 0, failed: 0 },
      kpi: summary?.kpi ?? { ...SCENARIOS[key].kpi, rate: null, numerator: 0, denominator: 0, holdoutRate: null, holdoutSize: 0, lift: null },
      revenueCents: summary?.revenueCents ?? 0,
      currency: summary?.currency ?? null,
    };
  });
}

export type ToggleResult = { ok: true; key: ScenarioKey; enabled: boolean } | { ok: false; error: string };

/** The switch on the scenarios page. A scenario switched off keeps its settings and templates. */
export async function setScenarioEnabled(db: Db, shop: string, key: string, enabled: boolean, t: Translate): Promise<ToggleResult> {
  if (!isScenarioKey(key)) return { ok: false, error: t("error.scenario") };
  await db.scenarioSetting.upsert({
    where: { shop_scenario: { shop, scenario: key } },
    create: { shop, scenario: key, enabled },
    update: { enabled },
  });
  return { ok: true, key, enabled };
}
