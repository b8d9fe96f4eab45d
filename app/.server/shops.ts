import type { Shop } from "@prisma/client";
import type { Db } from "~/db.server";
import { koreanAdRules } from "~/domain/korean-ads";
import { DEFAULT_PRIORITY, SCENARIOS, SCENARIO_KEYS, isScenarioKey, scenarioSettings } from "~/domain/scenarios";
import type { ScenarioSettingsMap } from "~/domain/scenarios";
import { EVERYONE, validateAudience, type Audience, type SegmentThresholds } from "~/domain/segments";
import type { ScenarioKey, ShopPolicy } from "~/domain/types";
import { requestPixelActivation } from "~/.server/pixel/activate";

type Reader = Pick<Db, "scenarioSetting">;

/** The policy of a shop with no row yet: the same defaults as the Shop table's columns. */
export const DEFAULT_POLICY: ShopPolicy = {
  timezone: "UTC",
  quietHours: { start: "21:00", end: "08:00" },
  budget: { minGapHours: 16, maxPer7Days: 3 },
  priority: DEFAULT_PRIORITY,
};

export function shopPolicy(shop: Shop): ShopPolicy {
  let priority: ScenarioKey[] = [];
  try {
    const parsed: unknown = JSON.parse(shop.scenarioPriority);
    if (Array.isArray(parsed)) priority = parsed.filter((k): k is ScenarioKey => typeof k === "string" && isScenarioKey(k));
  } catch {
    priority = [];
  }
  // Every scenario has a rank: the merchant's order first, then the catalogue's for the rest.
  for (const key of DEFAULT_PRIORITY) if (!priority.includes(key)) priority.push(key);
  return {
    timezone: shop.timezone,
    quietHours: shop.quietHoursStart && shop.quietHoursEnd ? { start: shop.quietHoursStart, end: shop.quietHoursEnd } : null,
    budget: { minGapHours: shop.budgetMinGapHours, maxPer7Days: shop.budgetMaxPer7Days },
    priority,
  };
}

/** Marketing email needs a sender and a postal address before anything goes out. */
export function senderReady(shop: Shop): boolean {
  return Boolean(shop.senderEmail && shop.senderName && shop.postalAddress);
}

/**
 * Korea's Information and Communications Network Act, art. 50, applies to advertising mail from shops
 * in Korea and to every Korean-language ad (ADR 018); merchants elsewhere can turn it on for all mail.
 * Without `locale`, whether it applies to the shop's mail whatever the reader's language.
 */
export function koreanAdRulesApply(shop: Pick<Shop, "koreanAdRules" | "countryCode">, locale: string | null = null): boolean {
  return koreanAdRules({ merchantSetting: shop.koreanAdRules, countryCode: shop.countryCode, locale });
}

export type ShopScenarios = {
  enabled(key: ScenarioKey): boolean;
  settings<K extends ScenarioKey>(key: K): ScenarioSettingsMap[K];
  /** Merchant templates by locale, as stored (validated at save). */
  templates(key: ScenarioKey): Record<string, unknown>;
  /** Who the scenario speaks to; everyone unless the merchant chose segments. */
  audience(key: ScenarioKey): Audience;
};

/** A stored audience, as saved (validated then); anything unreadable is everyone. */
export function parseAudience(text: string | undefined): Audience {
  try {
    const raw = text ? (JSON.parse(text) as { include?: unknown; exclude?: unknown }) : {};
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);
    const checked = validateAudience({ include: list(raw.include), exclude: list(raw.exclude) });
    return checked.ok ? checked.audience : EVERYONE;
  } catch {
    return EVERYONE;
  }
}

/** The shop's segment thresholds (~/domain/segments). */
export function segmentThresholds(shop: Shop): SegmentThresholds {
  return {
    loyalOrders: shop.segmentLoyalOrders,
    vipTopPercent: shop.segmentVipTopPercent,
    vipMinSpentCents: shop.segmentVipMinSpentCents,
    dormantDays: shop.segmentDormantDays,
    engagedDays: shop.segmentEngagedDays,
  };
}

/** A shop's scenario switches and settings; a scenario with no row is off with default settings. */
export async function loadShopScenarios(db: Reader, shop: string): Promise<ShopScenarios> {
  const rows = await db.scenarioSetting.findMany({ where: { shop } });
  const byKey = new Map(rows.filter((r) => isScenarioKey(r.scenario)).map((r) => [r.scenario as ScenarioKey, r]));
  const json = (text: string | undefined): unknown => {
    try {
      return text ? JSON.parse(text) : {};
    } catch {
      return {};
    }
  };
  // Parsed once here: the dispatcher asks for every message it re-checks.
  const audiences = new Map([...byKey].map(([key, row]) => [key, parseAudience(row.audience)]));
  return {
    enabled: (key) => byKey.get(key)?.enabled ?? false,
    settings: (key) => scenarioSettings(key, json(byKey.get(key)?.settings)),
    templates: (key) => (json(byKey.get(key)?.templates) as Record<string, unknown>) ?? {},
    audience: (key) => audiences.get(key) ?? EVERYONE,
  };
}

export const DEMO_SHOP = "demo-shop.myshopify.com";

/**
 * Demo mode's store: installed, every prebuilt scenario on, sender and postal address set, UTC.
 * Only what is missing is created, so a merchant's edits in the demo admin survive a restart.
 */
export async function installDemoShop(db: Db, now: Date): Promise<void> {
  const shop = {
    name: "Demo Coffee Roasters",
    email: "owner@demo-shop.example",
    timezone: "UTC",
    locale: "en",
    countryCode: "US",
    senderName: "Demo Coffee Roasters",
    senderEmail: "hello@demo-shop.example",
    replyTo: "owner@demo-shop.example",
    postalAddress: "12 Harbour Street, Portland, ME 04101, USA",
    contact: "owner@demo-shop.example",
  };
  await db.shop.upsert({
    where: { domain: DEMO_SHOP },
    // The scripted demo shows every trigger reaching its persona; a merchant can set a holdout share later.
    // Its sender address counts as verified: the demo's mail goes to the outbox, never to a stranger.
    create: { domain: DEMO_SHOP, installedAt: now, onboardedAt: now, holdoutPercent: 0, ...shop, senderVerifiedEmail: shop.senderEmail, senderVerifiedAt: now },
    update: { uninstalledAt: null },
  });
  // Its web pixel, activated by the jobs process against the demo's Admin API as at a real install.
  if (!(await db.shopPixel.findUnique({ where: { shop: DEMO_SHOP } }))) await requestPixelActivation(db, DEMO_SHOP, now);
  const existing = new Set((await db.scenarioSetting.findMany({ where: { shop: DEMO_SHOP }, select: { scenario: true } })).map((r) => r.scenario));
  for (const scenario of SCENARIO_KEYS) {
    if (existing.has(scenario)) continue;
    await db.scenarioSetting.upsert({
      where: { shop_scenario: { shop: DEMO_SHOP, scenario } },
      create: { shop: DEMO_SHOP, scenario, enabled: true, settings: JSON.stringify(SCENARIOS[scenario].defaults) },
      update: {},
    });
  }
}
