// Where a merchant's email for a language and a step is kept (ScenarioSetting.templates) and how the
// editor names it: by locale for the first step, `<locale>#<step>` for a later step with its own email.
export function templateSlot(locale: string, step = 0): string {
  return step > 0 ? `${locale}#${step}` : locale;
}
