// Validation of the scenario editor's settings: whole numbers in sensible ranges, steps that come one
// after another, coupon dates that end after they start. Refused input is reported field by field.
import { z } from "zod";
import { SETTING_FIELDS, type SettingField } from "~/domain/scenario-fields";
import type { ScenarioSettingsMap } from "~/domain/scenarios";
import type { ScenarioKey } from "~/domain/types";
import type { Translate } from "~/i18n";

export type FieldErrors = Record<string, string>;


const int = (t: Translate, min: number, max: number) => {
  const message = t("error.int", { min, max });
  return z.number(message).int(message).min(min, message).max(max, message);
};
const time = (t: Translate) => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, t("error.time"));

function fieldSchema(field: SettingField, t: Translate): z.ZodType {
  switch (field.kind) {
    case "int":
      return int(t, field.min, field.max);
    case "bool":
      return z.boolean();
    case "time":
      return time(t);
    case "choice":
      return z.enum(field.options as [string, ...string[]], t("error.choice", { options: field.options.join(", ") }));
    case "delays":
      return z
        .array(z.number(t("error.delayRange")).refine((m) => Number.isInteger(m) && m >= field.min && m <= field.max, t("error.delayRange")))
        .min(1, t("error.steps"))
        .max(field.maxSteps, t("error.steps"))
        .refine((d) => d.every((m, i) => i === 0 || m > d[i - 1]), t("error.increasing"));
  }
}

/** The scenario's settings as the editor sends them, every field required (~/domain/scenario-fields). */
function schemaFor(key: ScenarioKey, t: Translate) {
  return z.object(Object.fromEntries(SETTING_FIELDS[key].map((field) => [field.name, fieldSchema(field, t)])));
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
