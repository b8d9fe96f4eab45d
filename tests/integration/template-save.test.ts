// Saving a merchant's template through the editor: a refused template changes nothing; valid ones are
// versioned per language, and a save never switches the scenario on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEditor, saveEditor, type EditorInput } from "~/.server/admin/editor";
import { defaultTemplate, type EmailTemplate } from "~/.server/channels/email/templates";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { translator } from "~/i18n";
import { createTestDb, type TestDb } from "../support/db";

const T = new Date("2026-03-02T12:00:00Z");
const t_ = translator("en");

function template(patch: Partial<EmailTemplate>): EmailTemplate {
  return { ...defaultTemplate("welcome", "en"), ...patch };
}

describe("saving a template in the editor", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    await installDemoShop(t.db, T);
    await t.db.scenarioSetting.update({ where: { shop_scenario: { shop: DEMO_SHOP, scenario: "welcome" } }, data: { enabled: false } });
  });
  afterAll(async () => {
    await t.close();
  });

  const shop = () => t.db.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
  const stored = async () => {
    const row = await t.db.scenarioSetting.findUniqueOrThrow({ where: { shop_scenario: { shop: DEMO_SHOP, scenario: "welcome" } } });
    return { enabled: row.enabled, templates: JSON.parse(row.templates || "{}") as Record<string, EmailTemplate & { version: number }> };
  };
  const save = async (templates: EditorInput["templates"]) => {
    const editor = (await loadEditor(t.db, await shop(), "welcome", T))!;
    return saveEditor(t.db, await shop(), "welcome", { settings: editor.settings, holdoutPercent: editor.holdoutPercent, templates, ab: { subjects: {}, minSample: editor.ab.minSample } }, t_);
  };

  it("stores nothing when the template is refused, and says which field", async () => {
    const before = await stored();
    const result = await save({ en: template({ subject: "Hi {{ customer.phone }}" }) });
    expect(result).toMatchObject({ ok: false, errors: { "templates.en.subject": expect.any(String) } });
    expect(await stored()).toEqual(before);
  });

  it("stores a valid template per language with a growing version, leaving the scenario off", async () => {
    const first = template({ subject: "Welcome! {{ coupon.code }}" });
    expect(await save({ en: first })).toEqual({ ok: true });
    const second = template({ subject: "Welcome back! {{ coupon.code }}" });
    expect(await save({ en: second })).toEqual({ ok: true });
    expect(await save({ ko: defaultTemplate("welcome", "ko") })).toEqual({ ok: true });
    expect((await save({ en: template({ subject: "{{ oops" }) })).ok).toBe(false);
    const row = await stored();
    expect(row.enabled).toBe(false);
    expect(row.templates.en).toEqual({ ...second, version: 2 });
    expect(row.templates.ko.version).toBe(1);
  });
});
