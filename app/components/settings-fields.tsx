import { BlockStack, Button, Checkbox, FormLayout, InlineError, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import type { ScenarioKey } from "~/domain/types";
import type { MessageKey } from "~/i18n";
import type { DelayUnit, EditorState, Step } from "./editor-state";
import { useT } from "./i18n";

type Field = { name: string; label: MessageKey; kind: "int" | "bool" | "time" };

const FIELDS: Record<ScenarioKey, Field[]> = {
  welcome: [
    { name: "percentOff", label: "editor.percentOff", kind: "int" },
    { name: "couponDaysValid", label: "editor.couponDaysValid", kind: "int" },
    { name: "awaitConsentMinutes", label: "editor.awaitConsentMinutes", kind: "int" },
    { name: "relevantForHours", label: "editor.relevantForHours", kind: "int" },
    { name: "respectQuietHours", label: "editor.respectQuietHours", kind: "bool" },
  ],
  "exit-intent": [
    { name: "percentOff", label: "editor.percentOff", kind: "int" },
    { name: "couponDaysValid", label: "editor.couponDaysValid", kind: "int" },
    { name: "dismissDays", label: "editor.dismissDays", kind: "int" },
  ],
  "cart-recovery": [
    { name: "relevantForHours", label: "editor.relevantForHours", kind: "int" },
    { name: "respectQuietHours", label: "editor.respectQuietHours", kind: "bool" },
  ],
  "coupon-expiry": [
    { name: "daysBefore", label: "editor.daysBefore", kind: "int" },
    { name: "sendAt", label: "editor.sendAt", kind: "time" },
    { name: "minHoursLeft", label: "editor.minHoursLeft", kind: "int" },
    { name: "respectQuietHours", label: "editor.respectQuietHours", kind: "bool" },
  ],
  "post-delivery": [
    { name: "daysAfterDelivery", label: "editor.daysAfterDelivery", kind: "int" },
    { name: "estimatedTransitDays", label: "editor.estimatedTransitDays", kind: "int" },
    { name: "relevantForDays", label: "editor.relevantForDays", kind: "int" },
    { name: "respectQuietHours", label: "editor.respectQuietHours", kind: "bool" },
  ],
};

type Props = {
  scenario: ScenarioKey;
  state: EditorState;
  errors: Record<string, string>;
  shopHoldoutPercent: number;
  couponEndsOn: (days: number) => string;
  onChange: (next: Partial<EditorState>) => void;
};

export function SettingsFields({ scenario, state, errors, shopHoldoutPercent, couponEndsOn, onChange }: Props) {
  const t = useT();
  const set = (name: string, value: string | boolean) => onChange({ settings: { ...state.settings, [name]: value } });
  const setStep = (i: number, step: Partial<Step>) => onChange({ steps: state.steps.map((s, j) => (j === i ? { ...s, ...step } : s)) });
  const days = Number(state.settings.couponDaysValid);
  return (
    <FormLayout>
      {scenario === "cart-recovery" && (
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {t("editor.steps")}
          </Text>
          {state.steps.map((step, i) => (
            <InlineStack key={i} gap="200" blockAlign="end">
              <div style={{ width: 120 }}>
                <TextField label={t("editor.step", { n: i + 1 })} type="number" autoComplete="off" value={step.value} onChange={(value) => setStep(i, { value })} />
              </div>
              <Select
                label={t("editor.step", { n: i + 1 })}
                labelHidden
                value={step.unit}
                onChange={(unit) => setStep(i, { unit: unit as DelayUnit })}
                options={(["minutes", "hours", "days"] as const).map((u) => ({ value: u, label: t(`editor.unit.${u}`) }))}
              />
              <Text as="span" tone="subdued">
                {t("editor.afterCheckout")}
              </Text>
              {state.steps.length > 1 && (
                <Button variant="plain" tone="critical" onClick={() => onChange({ steps: state.steps.filter((_, j) => j !== i) })}>
                  {t("editor.removeStep")}
                </Button>
              )}
            </InlineStack>
          ))}
          {errors["settings.delaysMinutes"] && <InlineError fieldID="steps" message={errors["settings.delaysMinutes"]} />}
          {state.steps.length < 3 && (
            <div>
              <Button onClick={() => onChange({ steps: [...state.steps, { value: "", unit: "hours" }] })}>{t("editor.addStep")}</Button>
            </div>
          )}
        </BlockStack>
      )}
      {"percentOff" in state.settings && (
        <Select label={t("editor.couponType")} options={[{ value: "percent", label: t("editor.couponType.percent") }]} value="percent" disabled />
      )}
      {FIELDS[scenario].map((field) =>
        field.kind === "bool" ? (
          <Checkbox key={field.name} label={t(field.label)} checked={state.settings[field.name] === true} onChange={(checked) => set(field.name, checked)} />
        ) : (
          <TextField
            key={field.name}
            label={t(field.label)}
            type={field.kind === "int" ? "number" : "text"}
            autoComplete="off"
            value={String(state.settings[field.name] ?? "")}
            onChange={(value) => set(field.name, value)}
            error={errors[`settings.${field.name}`]}
            helpText={field.name === "couponDaysValid" && Number.isInteger(days) && days > 0 ? t("editor.couponDates", { date: couponEndsOn(days) }) : undefined}
          />
        ),
      )}
      <TextField
        label={t("editor.holdout")}
        type="number"
        autoComplete="off"
        value={state.holdout}
        onChange={(holdout) => onChange({ holdout })}
        error={errors.holdoutPercent}
        helpText={t("editor.holdoutHelp", { percent: shopHoldoutPercent })}
      />
    </FormLayout>
  );
}
