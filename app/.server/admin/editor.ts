// The scenario editor: what it shows (merged settings, templates per language, A/B config, results)
// and how it saves. Everything is validated first; one refusal and nothing is written.
import type { Shop } from "@prisma/client";
import type { Db } from "~/db.server";
import { defaultTemplate, pickStoredTemplate, templateSlot, type EmailTemplate } from "~/.server/channels/email/templates";
import { compileContext, templateFromInput } from "~/.server/channels/email/blocks";
import { validateTemplate, type TemplateError } from "~/.server/channels/email/validate";
import { VARIABLES, isEmailScenario, nameFallback, templateKey, templateStep, type EmailScenarioKey, type VariableSpec } from "~/.server/channels/email/variables";
import { scenarioDetail, type ScenarioDetail } from "~/.server/measurement/report";
import { readVipCutoff } from "~/.server/dispatch/facts";
import { stripAdMark } from "~/domain/korean-ads";
import { koreanAdRulesApply, loadShopScenarios, segmentThresholds, shopPolicy } from "~/.server/shops";
import { MAX_AB_MIN_SAMPLE, parseAbTest, type AbLanguage, type AbTestConfig } from "~/domain/ab-test";
import { SCENARIOS, SCENARIO_KEYS, isScenarioKey, scenarioSettings, type ScenarioSettingsMap } from "~/domain/scenarios";
import { holdoutCheck, validateAudience, type Audience, type HoldoutCheck, type SegmentThresholds } from "~/domain/segments";
import type { ScenarioKey } from "~/domain/types";
import type { Translate } from "~/i18n";
import { REACH_DAYS, scenarioReach, segmentSizes, type Reach, type SegmentSizes } from "./audience";
import { parseHoldout, parseScenarioSettings, type FieldErrors } from "./scenario-form";

export const LANGS: AbLanguage[] = ["en", "ko"];

const PREHEADER_REQUIRED: Record<AbLanguage, string> = {
  en: "Write a preheader: without one, inboxes show the first words of the body beside the subject.",
  ko: "미리보기 문구를 써 주세요. 없으면 받은편지함에 본문 첫 문장이 제목 옆에 보여요.",
};

/** A variable as the picker offers it: the snippet already carries a fallback when the value may be empty. */
export type PickerVariable = { path: string; description: string; snippet: Record<AbLanguage, string>; required: boolean; list: boolean; fallback: Record<AbLanguage, string> };

export function pickerSnippet(spec: VariableSpec, lang: AbLanguage): string {
  if (spec.list) return `{% for item in ${spec.path} %}{{ item.title }} × {{ item.quantity }}{% endfor %}`;
  if (spec.required) return `{{ ${spec.path} }}`;
  const fallback = spec.path === "customer.first_name" ? nameFallback(lang) : "";
  return `{{ ${spec.path} | default: "${fallback}" }}`;
}

export type EditorData = {
  key: ScenarioKey;
  channel: "email" | "onsite";
  enabled: boolean;
  settings: ScenarioSettingsMap[ScenarioKey];
  holdoutPercent: number | null;
  shopHoldoutPercent: number;
  /**
   * Per slot (`en`, `ko`; `en#1`… for a later step with its own email, ~/.server/channels/email/templates
   * `templateSlot`): the merchant's saved template, or the default wording. Email scenarios only.
   */
  templates: Record<string, EmailTemplate>;
  /** Per slot, the built-in email (as blocks): what "reset to blocks" returns to. */
  defaults: Record<string, EmailTemplate>;
  /** The steps that have an email of their own (counted from 0): [0] for most scenarios. */
  steps: number[];
  ab: AbTestConfig;
  /** Per step in `steps`: the variables its email offers. */
  variables: PickerVariable[][];
  testTo: string | null;
  detail: ScenarioDetail;
  /** Email scenarios: who the saved audience holds and reaches. */
  audience: AudienceView | null;
};

export type AudienceView = {
  saved: Audience;
  thresholds: SegmentThresholds;
  sizes: SegmentSizes;
  reach: Reach;
  days: number;
  holdout: HoldoutCheck;
  budget: { minGapHours: number; maxPer7Days: number };
  /** Per overlapping scenario: the one of the two the budget defers (the lower in the shop's priority order). */
  deferred: Partial<Record<ScenarioKey, ScenarioKey>>;
};

async function loadAudienceView(db: Db, shop: Shop, key: ScenarioKey, holdoutPercent: number | null, now: Date): Promise<AudienceView> {
  const scenarios = await loadShopScenarios(db, shop.domain);
  const thresholds = segmentThresholds(shop);
  const vipCutoff = await readVipCutoff(db, shop.domain, thresholds);
  const saved = scenarios.audience(key);
  const others = SCENARIO_KEYS.filter((k) => k !== key && scenarios.enabled(k)).map((k) => ({ scenario: k, audience: scenarios.audience(k) }));
  const [sizes, reach] = await Promise.all([
    segmentSizes(db, shop.domain, thresholds, vipCutoff, now),
    scenarioReach(db, { shop: shop.domain, scenario: key, audience: saved, others, thresholds, vipCutoff, now }),
  ]);
  const policy = shopPolicy(shop);
  const rank = (k: ScenarioKey) => policy.priority.indexOf(k);
  const deferred: AudienceView["deferred"] = {};
  for (const o of reach.overlaps) deferred[o.scenario] = rank(o.scenario) > rank(key) ? o.scenario : key;
  return { saved, thresholds, sizes, reach, days: REACH_DAYS, holdout: holdoutCheck(reach.last30Days ?? 0, holdoutPercent ?? shop.holdoutPercent, REACH_DAYS), budget: policy.budget, deferred };
}

function parseJson(text: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = text ? JSON.parse(text) : {};
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Where a merchant's test send goes: the shop's own address first, then the sender's. */
export function testAddress(shop: Shop): string | null {
  return shop.email ?? shop.senderEmail ?? null;
}

export async function loadEditor(db: Db, shop: Shop, key: string, now: Date): Promise<EditorData | null> {
  if (!isScenarioKey(key)) return null;
  const [row, detail] = await Promise.all([
    db.scenarioSetting.findUnique({ where: { shop_scenario: { shop: shop.domain, scenario: key } } }),
    scenarioDetail(db, shop.domain, key, now),
  ]);
  const stored = parseJson(row?.templates);
  const templates: EditorData["templates"] = {};
  const defaults: EditorData["defaults"] = {};
  const steps = isEmailScenario(key) ? templateSteps(key) : [];
  if (isEmailScenario(key)) {
    for (const step of steps) {
      for (const lang of LANGS) {
        const slot = templateSlot(lang, step);
        defaults[slot] = defaultTemplate(templateKey(key, step), lang);
        const template = pickStoredTemplate(stored, lang, step) ?? defaults[slot];
        // The renderer adds "(광고)" itself: a subject saved with it shows without it.
        templates[slot] = { ...template, subject: stripAdMark(template.subject) };
      }
    }
  }
  return {
    key,
    channel: SCENARIOS[key].channel,
    enabled: row?.enabled ?? false,
    settings: scenarioSettings(key, parseJson(row?.settings)),
    holdoutPercent: row?.holdoutPercent ?? null,
    shopHoldoutPercent: shop.holdoutPercent,
    templates,
    defaults,
    steps,
    ab: parseAbTest(row?.abTest),
    variables: isEmailScenario(key)
      ? steps.map((step) =>
          VARIABLES[templateKey(key, step)]
            .filter((v) => v.path !== "shop.korean_ad_rules")
            .map((v) => ({
              path: v.path,
              description: v.description,
              snippet: { en: pickerSnippet(v, "en"), ko: pickerSnippet(v, "ko") },
              required: v.required,
              list: v.list === true,
              fallback: { en: compileContext(templateKey(key, step), "en").defaultFallback(v.path), ko: compileContext(templateKey(key, step), "ko").defaultFallback(v.path) },
            })),
        )
      : [],
    testTo: testAddress(shop),
    detail,
    audience: isEmailScenario(key) ? await loadAudienceView(db, shop, key, row?.holdoutPercent ?? null, now) : null,
  };
}

/** The steps of a scenario whose emails the merchant edits: the first, and each later one with its own email. */
export function templateSteps(key: EmailScenarioKey): number[] {
  return [0, 1, 2].filter((step) => step === 0 || templateStep(key, step) === step);
}

/** Every slot the editor offers for a scenario, with its language and step. */
function templateSlots(key: EmailScenarioKey): { slot: string; lang: AbLanguage; step: number }[] {
  return templateSteps(key).flatMap((step) => LANGS.map((lang) => ({ slot: templateSlot(lang, step), lang, step })));
}

export type EditorInput = {
  settings: unknown;
  holdoutPercent: unknown;
  /** Only the slots the merchant changed: an untouched default stays a default. */
  templates: Record<string, EmailTemplate>;
  ab: { subjects: Partial<Record<AbLanguage, string>>; minSample: unknown };
  /** Email scenarios: segments included and excluded; absent leaves the saved audience as it is. */
  audience?: unknown;
};

/** The audience as the editor sends it, checked (~/domain/segments `validateAudience`). */
function parseAudienceInput(input: unknown): { ok: true; audience: Audience } | { ok: false; error: string } {
  const raw = (input ?? {}) as { include?: unknown; exclude?: unknown };
  const list = (v: unknown) => (Array.isArray(v) && v.every((s) => typeof s === "string") ? (v as string[]) : null);
  const include = list(raw.include ?? []);
  const exclude = list(raw.exclude ?? []);
  if (!include || !exclude) return { ok: false, error: "include and exclude must be lists of segment names" };
  return validateAudience({ include, exclude });
}

export type SaveResult = { ok: true } | { ok: false; errors: FieldErrors };

function templateErrors(prefix: string, errors: TemplateError[], only?: TemplateError["field"]): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    if (only && e.field !== only) continue;
    const field = only ? prefix : `${prefix}.${e.field}`;
    out[field] = out[field] ? `${out[field]} ${e.message}` : e.message;
  }
  return out;
}

/**
 * Checks the templates given per slot, each against its step's variables, and, for A/B, subject B
 * (the first step's) with the same rules as any subject. Errors are keyed `templates.<slot>.<field>`.
 */
export function checkTemplates(
  key: EmailScenarioKey,
  shop: Shop,
  templates: Record<string, EmailTemplate>,
  subjectsB: Partial<Record<AbLanguage, string>>,
  base: (lang: AbLanguage) => EmailTemplate,
): FieldErrors {
  let errors: FieldErrors = {};
  for (const { slot, lang, step } of templateSlots(key)) {
    const template = templates[slot];
    if (template === undefined) continue;
    const verdict = validateTemplate(templateKey(key, step), template, { koreanAdRules: koreanAdRulesApply(shop, lang), locale: lang });
    if (!verdict.ok) errors = { ...errors, ...templateErrors(`templates.${slot}`, verdict.errors) };
    // Without one, inboxes show the body's first words (often just the greeting) beside the subject.
    if (template.preheader.trim() === "" && !errors[`templates.${slot}.preheader`]) errors[`templates.${slot}.preheader`] = PREHEADER_REQUIRED[lang];
  }
  for (const lang of LANGS) {
    const b = subjectsB[lang];
    if (!b) continue;
    const verdict = validateTemplate(key, { ...(templates[lang] ?? base(lang)), subject: b }, { koreanAdRules: koreanAdRulesApply(shop, lang), locale: lang });
    if (!verdict.ok) errors = { ...errors, ...templateErrors(`ab.subjects.${lang}`, verdict.errors, "subject") };
  }
  return errors;
}

export async function saveEditor(db: Db, shop: Shop, key: string, input: EditorInput, t: Translate): Promise<SaveResult> {
  if (!isScenarioKey(key)) return { ok: false, errors: { form: t("error.scenario") } };
  let errors: FieldErrors = {};
  const settings = parseScenarioSettings(key, input.settings, t);
  if (!settings.ok) errors = { ...errors, ...settings.errors };
  const holdout = parseHoldout(input.holdoutPercent, t);
  if (!holdout.ok) errors.holdoutPercent = holdout.error;
  let audience: Audience | null = null;
  if (input.audience !== undefined && isEmailScenario(key)) {
    const parsed = parseAudienceInput(input.audience);
    if (parsed.ok) audience = parsed.audience;
    else errors.audience = t("error.audience", { problem: parsed.error });
  }

  const row = await db.scenarioSetting.findUnique({ where: { shop_scenario: { shop: shop.domain, scenario: key } } });
  const stored = parseJson(row?.templates);
  const templates: Record<string, EmailTemplate> = {};
  const subjects: Partial<Record<AbLanguage, string>> = {};
  let minSample: number = parseAbTest(row?.abTest).minSample;
  if (isEmailScenario(key)) {
    for (const { slot, lang, step } of templateSlots(key)) {
      const given = input.templates?.[slot];
      if (given === undefined) continue;
      const parsed = templateFromInput(templateKey(key, step), lang, given);
      if (parsed.ok) templates[slot] = parsed.template;
      else errors[`templates.${slot}.${parsed.field}`] = parsed.error;
    }
    for (const lang of LANGS) {
      const b = input.ab?.subjects?.[lang];
      if (typeof b === "string" && b.trim()) subjects[lang] = b.trim();
    }
    const base = (lang: AbLanguage) => pickStoredTemplate(stored, lang) ?? defaultTemplate(key, lang);
    errors = { ...errors, ...checkTemplates(key, shop, templates, subjects, base) };
    const sample = Number(input.ab?.minSample);
    if (!Number.isInteger(sample) || sample < 1 || sample > MAX_AB_MIN_SAMPLE) errors["ab.minSample"] = t("error.int", { min: 1, max: MAX_AB_MIN_SAMPLE });
    else minSample = sample;
  }
  if (Object.keys(errors).length > 0 || !settings.ok || !holdout.ok) return { ok: false, errors };

  const abTest = JSON.stringify({ subjects, minSample } satisfies AbTestConfig);
  // Versions are counted inside the transaction, so two saves never reuse a template version.
  await db.$transaction(async (tx) => {
    const current = await tx.scenarioSetting.findUnique({ where: { shop_scenario: { shop: shop.domain, scenario: key } } });
    const latest = parseJson(current?.templates);
    const nextTemplates: Record<string, unknown> = { ...latest };
    for (const [slot, template] of Object.entries(templates)) {
      const previous = (latest[slot] as { version?: unknown } | undefined)?.version;
      nextTemplates[slot] = { ...template, version: (typeof previous === "number" ? previous : 0) + 1 };
    }
    const data = {
      settings: JSON.stringify(settings.settings),
      holdoutPercent: holdout.value,
      templates: JSON.stringify(nextTemplates),
      abTest,
      ...(audience ? { audience: JSON.stringify(audience) } : {}),
    };
    await tx.scenarioSetting.upsert({
      where: { shop_scenario: { shop: shop.domain, scenario: key } },
      create: { shop: shop.domain, scenario: key, enabled: false, ...data },
      update: data,
    });
  });
  return { ok: true };
}
