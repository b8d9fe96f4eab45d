// Saving a merchant's template: refused templates change nothing; valid ones are versioned per locale.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultTemplate, type EmailTemplate } from "~/.server/channels/email/templates";
import { saveScenarioTemplate } from "~/.server/channels/email/validate";
import { createTestDb, type TestDb } from "../support/db";

const OFF = { koreanAdRules: false };

function template(patch: Partial<EmailTemplate>): EmailTemplate {
  return { subject: "Your code {{ coupon.code }}", preheader: "", body: "<p>{{ coupon.code }}</p>", ...patch };
}

describe("saveScenarioTemplate", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.close();
  });
  const shop = "save-shop.myshopify.com";
  const stored = async () => {
    const row = await t.db.scenarioSetting.findUnique({ where: { shop_scenario: { shop, scenario: "welcome" } } });
    return row ? { enabled: row.enabled, templates: JSON.parse(row.templates) } : null;
  };

  it("stores nothing when the template is refused", async () => {
    const result = await saveScenarioTemplate(t.db, shop, "welcome", "en", template({ subject: "Hi {{ customer.phone }}" }), OFF);
    expect(result.ok).toBe(false);
    expect(await stored()).toBeNull();
  });

  it("stores a valid template per locale with a growing version, leaving the scenario off", async () => {
    const first = template({ subject: "Welcome! {{ coupon.code }}" });
    expect(await saveScenarioTemplate(t.db, shop, "welcome", "en", first, OFF)).toEqual({ ok: true, version: 1 });
    const second = template({ subject: "Welcome back! {{ coupon.code }}" });
    expect(await saveScenarioTemplate(t.db, shop, "welcome", "en", second, OFF)).toEqual({ ok: true, version: 2 });
    expect(await saveScenarioTemplate(t.db, shop, "welcome", "ko", defaultTemplate("welcome", "ko"), OFF)).toEqual({ ok: true, version: 1 });
    const refused = await saveScenarioTemplate(t.db, shop, "welcome", "en", template({ subject: "{{ oops" }), OFF);
    expect(refused.ok).toBe(false);
    const row = await stored();
    expect(row?.enabled).toBe(false);
    expect(row?.templates.en).toEqual({ ...second, version: 2 });
    expect(row?.templates.ko.version).toBe(1);
  });
});
