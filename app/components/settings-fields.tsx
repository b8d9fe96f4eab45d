import { BlockStack, Button, Checkbox, FormLayout, InlineError, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { SETTING_FIELDS } from "~/domain/scenario-fields";
import type { ScenarioKey } from "~/domain/types";
import { isMessageKey } from "~/i18n";
import type { DelayUnit, EditorState, Step } from "./editor-state";
import { useT } from "./i18n";

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
      {SETTING_FIELDS[scenario].map((field) => {
        const label = `editor.${field.name}`;
        const text = isMessageKey(label) ? t(label) : field.name;
        const error = errors[`settings.${field.name}`];
        switch (field.kind) {
          case "delays":
            return null; // the steps above
          case "bool":
            return <Checkbox key={field.name} label={text} checked={state.settings[field.name] === true} onChange={(checked) => set(field.name, checked)} error={error} />;
          case "choice":
            return (
              <Select
                key={field.name}
                label={text}
                value={String(state.settings[field.name] ?? "")}
                onChange={(value) => set(field.name, value)}
                options={field.options.map((option) => {
                  const key = `${label}.${option}`;
                  return { value: option, label: isMessageKey(key) ? t(key) : option };
                })}
                error={error}
              />
            );
          default:
            return (
              <TextField
                key={field.name}
                label={text}
                type={field.kind === "int" ? "number" : "text"}
                autoComplete="off"
                value={String(state.settings[field.name] ?? "")}
                onChange={(value) => set(field.name, value)}
                error={error}
                helpText={field.name === "couponDaysValid" && Number.isInteger(days) && days > 0 ? t("editor.couponDates", { date: couponEndsOn(days) }) : undefined}
              />
            );
        }
      })}
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
