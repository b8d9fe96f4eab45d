// The scenario editor's form state: inputs as typed (strings), converted to numbers only on save so
// that a half-typed value is the server's to refuse, with a clear message, not the browser's to drop.
import type { EmailTemplate } from "~/.server/channels/email/templates";
import type { EditorData } from "~/.server/admin/editor";
import { settingField } from "~/domain/scenario-fields";
import { EVERYONE, type Audience } from "~/domain/segments";
import type { ScenarioKey } from "~/domain/types";

export type Lang = "en" | "ko";
export type DelayUnit = "minutes" | "hours" | "days";
export type Step = { value: string; unit: DelayUnit };

export type EditorState = {
  settings: Record<string, string | boolean>;
  steps: Step[];
  holdout: string;
  /** By slot: `en`, `ko`, and `en#1`… for a later step with its own email. */
  templates: Record<string, EmailTemplate>;
  subjectsB: Record<Lang, string>;
  minSample: string;
  audience: Audience;
};

const UNIT_MINUTES: Record<DelayUnit, number> = { minutes: 1, hours: 60, days: 1440 };

export function stepFromMinutes(minutes: number): Step {
  if (minutes % 1440 === 0) return { value: String(minutes / 1440), unit: "days" };
  if (minutes % 60 === 0) return { value: String(minutes / 60), unit: "hours" };
  return { value: String(minutes), unit: "minutes" };
}

export function initialState(data: EditorData): EditorState {
  const settings: Record<string, string | boolean> = {};
  let steps: Step[] = [];
  for (const [name, value] of Object.entries(data.settings)) {
    if (name === "delaysMinutes" && Array.isArray(value)) steps = value.map((m: number) => stepFromMinutes(m));
    else settings[name] = typeof value === "boolean" ? value : String(value);
  }
  return {
    settings,
    steps,
    holdout: data.holdoutPercent === null ? "" : String(data.holdoutPercent),
    templates: data.templates,
    subjectsB: { en: data.ab.subjects.en ?? "", ko: data.ab.subjects.ko ?? "" },
    minSample: String(data.ab.minSample),
    audience: data.audience?.saved ?? EVERYONE,
  };
}

const toNumber = (text: string) => (text.trim() === "" ? null : Number(text));

/** What the save action receives; templates only for the slots the merchant changed. */
export function toPayload(scenario: ScenarioKey, state: EditorState, initial: EditorState) {
  const settings: Record<string, string | boolean | number | null | (number | null)[]> = {};
  for (const [name, value] of Object.entries(state.settings)) {
    // Numbers are typed as text; times and choices stay text (~/domain/scenario-fields).
    settings[name] = typeof value === "boolean" || settingField(scenario, name)?.kind !== "int" ? value : toNumber(value);
  }
  if (state.steps.length > 0 || "delaysMinutes" in settings || initial.steps.length > 0) {
    settings.delaysMinutes = state.steps.map((s) => {
      const n = toNumber(s.value);
      return n === null ? null : n * UNIT_MINUTES[s.unit];
    });
  }
  const templates: Record<string, EmailTemplate> = {};
  for (const [slot, now] of Object.entries(state.templates)) {
    if (JSON.stringify(now) !== JSON.stringify(initial.templates[slot])) templates[slot] = now;
  }
  return {
    intent: "save",
    settings,
    holdoutPercent: toNumber(state.holdout),
    templates,
    ab: { subjects: state.subjectsB, minSample: toNumber(state.minSample) },
    audience: state.audience,
  };
}
