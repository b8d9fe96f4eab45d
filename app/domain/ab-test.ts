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

/** Same message key, same variant: a retried send keeps its subject. Roughly half get B. */
export function abVariantFor(messageKey: string): "A" | "B" {
  let hash = 0x811c9dc5;
  for (let i = 0; i < messageKey.length; i++) {
    hash ^= messageKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // The top bit: FNV's low bits follow the key's last characters too closely.
  return hash >>> 31 === 1 ? "B" : "A";
}

export type VariantTally = { variant: "A" | "B"; sent: number; conversions: number };

export type AbVerdict = { status: "collecting" } | { status: "winner"; winner: "A" | "B"; z: number } | { status: "tie"; z: number };

/** |z| above this is a difference at 95 % confidence (two-sided). */
const Z_95 = 1.959964;

/**
 * No verdict before both variants reached `minSample` sends; then a two-proportion z-test on
 * conversion rates: a winner when the difference is significant at 95 %, otherwise a tie.
 */
export function pickWinner(variants: VariantTally[], minSample: number): AbVerdict {
  const a = variants.find((v) => v.variant === "A");
  const b = variants.find((v) => v.variant === "B");
  if (!a || !b || a.sent < minSample || b.sent < minSample) return { status: "collecting" };
  const pa = a.conversions / a.sent;
  const pb = b.conversions / b.sent;
  const pooled = (a.conversions + b.conversions) / (a.sent + b.sent);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.sent + 1 / b.sent));
  if (se === 0) return { status: "tie", z: 0 };
  const z = (pb - pa) / se;
  if (Math.abs(z) < Z_95) return { status: "tie", z };
  return { status: "winner", winner: z > 0 ? "B" : "A", z };
}
