// Subject-line A/B test of one scenario. Variant A is the template's own subject; variant B is the
// merchant's alternative, per language. No B subject for a language = no test for that language.
export type AbLanguage = "en" | "ko";

export type AbTestConfig = {
  subjects: Partial<Record<AbLanguage, string>>;
  /** Sends per variant before a winner may be named. */
  minSample: number;
};

export const DEFAULT_AB_MIN_SAMPLE = 100;
export const MAX_AB_MIN_SAMPLE = 100_000;

/** Reads the stored JSON (ScenarioSetting.abTest); anything malformed means "no test". */
export function parseAbTest(stored: unknown): AbTestConfig {
  let value: unknown = stored;
  if (typeof stored === "string") {
    try {
      value = JSON.parse(stored);
    } catch {
      value = {};
    }
  }
  const given = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  const subjects: AbTestConfig["subjects"] = {};
  const rawSubjects = given.subjects && typeof given.subjects === "object" ? (given.subjects as Record<string, unknown>) : {};
  for (const lang of ["en", "ko"] as const) {
    const s = rawSubjects[lang];
    if (typeof s === "string" && s.trim()) subjects[lang] = s;
  }
  const n = given.minSample;
  const minSample = typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= MAX_AB_MIN_SAMPLE ? n : DEFAULT_AB_MIN_SAMPLE;
  return { subjects, minSample };
}

/** The B subject for a message's language, or null when no test runs for it. */
export function abSubjectFor(config: AbTestConfig, lang: AbLanguage): string | null {
  return config.subjects[lang] ?? null;
}
