// Validation of the scenario editor's settings: whole numbers in sensible ranges, steps that come one
// after another, coupon dates that end after they start. Refused input is reported field by field.
import { z } from "zod";
import type { ScenarioSettingsMap } from "~/domain/scenarios";
import type { ScenarioKey } from "~/domain/types";
import type { Translate } from "~/i18n";

export type FieldErrors = Record<string, string>;

export const MIN_DELAY_MINUTES = 5;
export const MAX_DELAY_MINUTES = 14 * 24 * 60;
export const MAX_STEPS = 3;

const int = (t: Translate, min: number, max: number) => {
  const message = t("error.int", { min, max });
  return z.number(message).int(message).min(min, message).max(max, message);
};
const time = (t: Translate) => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, t("error.time"));

function schemaFor(key: ScenarioKey, t: Translate) {
  switch (key) {
    case "welcome":
      return z.object({
        percentOff: int(t, 1, 90),
        couponDaysValid: int(t, 1, 90),
        awaitConsentMinutes: int(t, 0, 24 * 60),
        relevantForHours: int(t, 1, 14 * 24),
        respectQuietHours: z.boolean(),
      });
    case "exit-intent":
      return z.object({ percentOff: int(t, 1, 90), couponDaysValid: int(t, 1, 90), dismissDays: int(t, 1, 90) });
    case "cart-recovery":
      return z.object({
        delaysMinutes: z
          .array(
            z
              .number(t("error.delayRange"))
              .refine((m) => Number.isInteger(m) && m >= MIN_DELAY_MINUTES && m <= MAX_DELAY_MINUTES, t("error.delayRange")),
          )
          .min(1, t("error.steps"))
          .max(MAX_STEPS, t("error.steps"))
          .refine((d) => d.every((m, i) => i === 0 || m > d[i - 1]), t("error.increasing")),
        relevantForHours: int(t, 1, 7 * 24),
        respectQuietHours: z.boolean(),
      });
    case "coupon-expiry":
      return z.object({ daysBefore: int(t, 1, 30), sendAt: time(t), minHoursLeft: int(t, 0, 72), respectQuietHours: z.boolean() });
    case "post-delivery":
      return z.object({ daysAfterDelivery: int(t, 1, 60), estimatedTransitDays: int(t, 1, 30), relevantForDays: int(t, 1, 60), respectQuietHours: z.boolean() });
  }
}

export type SettingsResult<K extends ScenarioKey> = { ok: true; settings: ScenarioSettingsMap[K] } | { ok: false; errors: FieldErrors };

export function parseScenarioSettings<K extends ScenarioKey>(key: K, input: unknown, t: Translate): SettingsResult<K> {
  const result = schemaFor(key, t).safeParse(input);
  if (result.success) return { ok: true, settings: result.data as ScenarioSettingsMap[K] };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = `settings.${String(issue.path[0] ?? "")}`;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The scenario's own holdout share: empty means the shop's. */
export function parseHoldout(input: unknown, t: Translate): { ok: true; value: number | null } | { ok: false; error: string } {
  if (input === null || input === undefined || input === "") return { ok: true, value: null };
  const result = int(t, 0, 50).safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: result.error.issues[0].message };
}
