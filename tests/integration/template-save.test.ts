// Saving a merchant's template through the editor: a refused template changes nothing; valid ones are
// versioned per language, and a save never switches the scenario on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEditor, saveEditor, type EditorInput } from "~/.server/admin/editor";
import { defaultTemplate, pickStoredTemplate, type EmailTemplate } from "~/.server/channels/email/templates";
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

  it("saves blocks with the body compiled on the server, refuses an unknown chip, and wants a preheader", async () => {
    const blocks = { blocks: [{ type: "text", text: "Hi {{ customer.first_name }}, <b>{% raw %}" }, { type: "coupon", text: "Until {{ coupon.ends_at }}" }], fallbacks: { "customer.first_name": "friend" } };
    const posted = { subject: "Welcome {{ coupon.code }}", preheader: "Your code inside", body: "<script>posted</script>", blocks } as unknown as EmailTemplate;
    expect(await save({ en: posted })).toEqual({ ok: true });
    const saved = (await stored()).templates.en;
    expect(saved.blocks).toEqual(blocks);
    expect(saved.body).not.toContain("<script>");
    expect(saved.body).toContain('{{ customer.first_name | default: "friend" }}, &#60;b&#62;&#123;% raw %&#125;');
    expect((await loadEditor(t.db, await shop(), "welcome", T))!.templates.en.blocks).toEqual(blocks);

    const before = await stored();
    const unknown = { ...posted, blocks: { blocks: [{ type: "text" as const, text: "Hi {{ customer.shoe_size }}" }], fallbacks: {} } };
    expect(await save({ en: unknown })).toMatchObject({ ok: false, errors: { "templates.en.body": expect.stringContaining('Unknown variable "customer.shoe_size"') } });
    expect(await save({ en: { ...posted, blocks: { blocks: [{ type: "script" }] } } as unknown as EmailTemplate })).toMatchObject({ ok: false, errors: { "templates.en.blocks": expect.any(String) } });
    expect(await save({ en: { ...posted, preheader: " " } })).toMatchObject({ ok: false, errors: { "templates.en.preheader": expect.stringContaining("preheader") } });
    expect(await stored()).toEqual(before);
  });

  it("edits a win-back's later steps as emails of their own, each checked against its own variables", async () => {
    const editor = (await loadEditor(t.db, await shop(), "win-back", T))!;
    expect(editor.steps).toEqual([0, 1, 2]);
    expect(Object.keys(editor.templates).sort()).toEqual(["en", "en#1", "en#2", "ko", "ko#1", "ko#2"]);
    expect(editor.variables[1].map((v) => v.path)).toContain("coupon.code");
    expect(editor.variables[2].map((v) => v.path)).toContain("unsubscribe_url");
    const saveWinBack = async (templates: EditorInput["templates"]) =>
      saveEditor(t.db, await shop(), "win-back", { settings: editor.settings, holdoutPercent: null, templates, ab: { subjects: {}, minSample: editor.ab.minSample } }, t_);

    // The last step has no code to show: its variables are refused there, and the error names the slot.
    // Edited as Liquid (no blocks): the body is the merchant's own.
    const withCode = { ...editor.templates["en#2"], blocks: undefined, body: "<p>{{ coupon.code }}</p>" };
    const refused = await saveWinBack({ "en#2": withCode });
    expect(refused).toMatchObject({ ok: false, errors: { "templates.en#2.body": expect.stringContaining('Unknown variable "coupon.code"') } });

    const last = { ...editor.templates["en#2"], subject: "Still want to hear from {{ shop.name }}?" };
    expect(await saveWinBack({ "en#2": last })).toEqual({ ok: true });
    const row = await t.db.scenarioSetting.findUniqueOrThrow({ where: { shop_scenario: { shop: DEMO_SHOP, scenario: "win-back" } } });
    const saved = JSON.parse(row.templates) as Record<string, unknown>;
    expect(pickStoredTemplate(saved, "en-GB", 2)).toMatchObject({ subject: "Still want to hear from {{ shop.name }}?" });
    expect(pickStoredTemplate(saved, "en", 0)).toBeNull();
  });
});
