// One list of settings per scenario: the catalogue's defaults, the editor's validation, its fields and
// their labels cannot drift apart, and every setting the engine reads can be set.
import { describe, expect, it } from "vitest";
import { parseScenarioSettings } from "~/.server/admin/scenario-form";
import { SETTING_FIELDS } from "~/domain/scenario-fields";
import { SCENARIO_KEYS, SCENARIOS } from "~/domain/scenarios";
import { DICTIONARIES, isMessageKey, translator } from "~/i18n";

const t = translator("en");

describe("scenario settings", () => {
  it.each(SCENARIO_KEYS)("%s: the editor offers exactly the settings the catalogue has defaults for", (key) => {
    expect(SETTING_FIELDS[key].map((f) => f.name).sort()).toEqual(Object.keys(SCENARIOS[key].defaults).sort());
  });

  it.each(SCENARIO_KEYS)("%s: the defaults pass the editor's own validation", (key) => {
    expect(parseScenarioSettings(key, SCENARIOS[key].defaults, t)).toEqual({ ok: true, settings: SCENARIOS[key].defaults });
  });

  it("labels every field and every choice in English and Korean", () => {
    for (const key of SCENARIO_KEYS) {
      for (const field of SETTING_FIELDS[key]) {
        if (field.kind === "delays") continue; // shown as steps, with their own labels
        const labels = [`editor.${field.name}`, ...(field.kind === "choice" ? field.options.map((o) => `editor.${field.name}.${o}`) : [])];
        for (const label of labels) {
          expect(isMessageKey(label), label).toBe(true);
          if (isMessageKey(label)) expect(DICTIONARIES.ko[label], label).toBeTruthy();
        }
      }
    }
  });

  it("lets a merchant set what exit-intent shows repeat customers, and how long a visit lasts", () => {
    const settings = { ...SCENARIOS["exit-intent"].defaults, repeatCustomerOffer: "none", sessionMinutes: 60 };
    expect(parseScenarioSettings("exit-intent", settings, t)).toEqual({ ok: true, settings });
    expect(parseScenarioSettings("exit-intent", { ...settings, repeatCustomerOffer: "coupon" }, t)).toMatchObject({ ok: false, errors: { "settings.repeatCustomerOffer": "Choose one of: reminder, none." } });
    expect(parseScenarioSettings("exit-intent", { ...settings, sessionMinutes: 1 }, t)).toMatchObject({ ok: false, errors: { "settings.sessionMinutes": expect.stringContaining("from 5") } });
  });
});
