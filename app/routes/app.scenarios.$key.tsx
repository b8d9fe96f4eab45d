import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useFetcher, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, Layout, Page, Tabs, Text, TextField } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { loadAdminShop } from "~/.server/admin/auth";
import { loadEditor, saveEditor, type EditorInput } from "~/.server/admin/editor";
import type { PreviewResult } from "~/.server/admin/preview";
import { sendMerchantTest } from "~/.server/admin/test-send";
import { templateFromInput } from "~/.server/channels/email/blocks";
import { isEmailScenario, templateKey } from "~/.server/channels/email/variables";
import { initialState, toPayload, type EditorState, type Lang } from "~/components/editor-state";
import { formatDay } from "~/components/format";
import { useLang, useT } from "~/components/i18n";
import { AudienceCard } from "~/components/audience-card";
import { PreviewPane } from "~/components/preview-pane";
import { SaveBar } from "~/components/save-bar";
import { ScenarioReport } from "~/components/scenario-report";
import { SettingsFields } from "~/components/settings-fields";
import { TemplateEditor } from "~/components/template-editor";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { adminMeta } from "~/components/admin-meta";
import { isScenarioKey } from "~/domain/scenarios";
import { templateSlot } from "~/domain/template-slot";
import type { ScenarioKey } from "~/domain/types";

export const meta = adminMeta((t, { params }) => (isScenarioKey(params.key ?? "") ? t(`scenario.${params.key as ScenarioKey}`) : t("nav.scenarios")));

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const admin = await loadAdminShop(request);
  const editor = await loadEditor(db, admin.row, params.key ?? "", new Date());
  if (!editor) throw new Response(admin.t("error.scenario"), { status: 404 });
  return { editor, timezone: admin.row.timezone };
};

type ActionAnswer =
  | { intent: "save"; ok: true }
  | { intent: "save"; ok: false; errors: Record<string, string> }
  | { intent: "test-send"; ok: true; to: string; subject: string }
  | { intent: "test-send"; ok: false; error: string };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const admin = await loadAdminShop(request);
  const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
  const key = params.key ?? "";
  if (body.intent === "test-send") {
    const step = body.step === 1 || body.step === 2 ? body.step : 0;
    const lang = body.lang === "ko" ? "ko" : "en";
    const given = isEmailScenario(key) && body.template ? templateFromInput(templateKey(key, step), lang, body.template) : null;
    if (given && !given.ok) return data({ intent: "test-send", ok: false, error: given.error } satisfies ActionAnswer, { status: 400 });
    const request = { scenario: key, lang, step, template: given?.template ?? null, subjectB: typeof body.subjectB === "string" && body.subjectB.trim() ? body.subjectB : null, profile: typeof body.profile === "string" ? body.profile : null } as const;
    const result = await sendMerchantTest(db, env(), admin.row, request, new Date(), admin.t);
    const answer: ActionAnswer = result.ok ? { intent: "test-send", ok: true, to: admin.row.email ?? admin.row.senderEmail ?? "", subject: result.subject } : { intent: "test-send", ok: false, error: result.error };
    return data(answer, { status: result.ok ? 200 : 400 });
  }
  const result = await saveEditor(db, admin.row, key, body as unknown as EditorInput, admin.t);
  const answer: ActionAnswer = result.ok ? { intent: "save", ok: true } : { intent: "save", ok: false, errors: result.errors };
  return data(answer, { status: result.ok ? 200 : 400 });
};

export default function ScenarioEditorPage() {
  const { editor } = useLoaderData<typeof loader>();
  // A fresh form after every successful save: the saved values are the new baseline.
  const revision = JSON.stringify([editor.settings, editor.templates, editor.ab, editor.holdoutPercent, editor.audience?.saved]);
  return <EditorForm key={revision} />;
}

function EditorForm() {
  const { editor, timezone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionAnswer | undefined;
  const t = useT();
  const adminLang = useLang();
  const submit = useSubmit();
  const navigation = useNavigation();
  const initial = useMemo(() => initialState(editor), [editor]);
  const [state, setState] = useState<EditorState>(initial);
  const [lang, setLang] = useState<Lang>(adminLang);
  // A scenario whose later steps have emails of their own (the win-back) edits one step at a time.
  const [step, setStep] = useState(0);
  const slot = templateSlot(lang, step);
  const [useB, setUseB] = useState(false);
  // The sample customer shown in the preview is the one a test send writes to.
  const [profile, setProfile] = useState("no-name");
  const preview = useFetcher<PreviewResult>();
  const testSend = useFetcher<typeof action>();
  const dirty = JSON.stringify(state) !== JSON.stringify(initial);
  const saving = navigation.state !== "idle" && navigation.formMethod === "POST";
  const email = editor.channel === "email";
  const template = state.templates[slot];

  useEffect(() => {
    if (!template) return;
    const timer = setTimeout(() => {
      preview.submit(
        { lang, step, template, subjectB: useB && step === 0 ? state.subjectsB[lang] : null },
        { method: "post", action: `/app/scenarios/${editor.key}/preview`, encType: "application/json" },
      );
    }, 300);
    return () => clearTimeout(timer);
    // The fetcher object changes on every state change; the inputs are what matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang, step, JSON.stringify(template), useB, state.subjectsB[lang], editor.key]);

  const saveErrors = actionData?.intent === "save" && !actionData.ok ? actionData.errors : {};
  // Template problems are checked live by the preview; the save's answer covers the rest.
  const errors = { ...saveErrors, ...(preview.data?.errors ?? {}) };
  for (const field of Object.keys(saveErrors)) if (field.startsWith("templates.") || field.startsWith("ab.subjects.")) if (preview.data && !preview.data.errors[field]) delete errors[field];
  const update = (next: Partial<EditorState>) => setState((s) => ({ ...s, ...next }));
  const save = () => submit(toPayload(editor.key, state, initial), { method: "post", encType: "application/json" });
  const test = testSend.data as ActionAnswer | undefined;
  const now = Date.now();
  const couponEndsOn = (days: number) => formatDay(new Date(now + days * 86_400_000), adminLang, timezone);

  return (
    <>
      <SaveBar id="scenario-save-bar" open={dirty} saving={saving} onSave={save} onDiscard={() => setState(initial)} />
      <Page title={t(`scenario.${editor.key}`)} backAction={{ content: t("nav.scenarios"), url: "/app" }}>
        <Layout>
          {actionData?.intent === "save" && (
            <Layout.Section>
              <Banner tone={actionData.ok ? "success" : "critical"}>{actionData.ok ? t("common.saved") : t("common.fixErrors")}</Banner>
            </Layout.Section>
          )}
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("editor.settings")}
                  </Text>
                  <SettingsFields scenario={editor.key} state={state} errors={errors} shopHoldoutPercent={editor.shopHoldoutPercent} couponEndsOn={couponEndsOn} onChange={update} />
                </BlockStack>
              </Card>
              {editor.audience && <AudienceCard view={editor.audience} value={state.audience} error={errors.audience} onChange={(audience) => update({ audience })} />}
              {email && template ? (
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      {t("editor.template")}
                    </Text>
                    {editor.steps.length > 1 && (
                      <Tabs
                        tabs={editor.steps.map((n) => ({ id: `step-${n}`, content: t("editor.step", { n: n + 1 }) }))}
                        selected={editor.steps.indexOf(step)}
                        onSelect={(i) => setStep(editor.steps[i])}
                      />
                    )}
                    <Tabs
                      tabs={(["en", "ko"] as const).map((l) => ({ id: `lang-${l}`, content: t(`settings.lang.${l}`) }))}
                      selected={lang === "en" ? 0 : 1}
                      onSelect={(i) => setLang(i === 0 ? "en" : "ko")}
                    />
                    <TemplateEditor
                      lang={lang}
                      slot={slot}
                      template={template}
                      defaultTemplate={editor.defaults[slot]}
                      variables={editor.variables[editor.steps.indexOf(step)] ?? []}
                      errors={errors}
                      onChange={(tpl) => update({ templates: { ...state.templates, [slot]: tpl } })}
                    />
                    {step === 0 && (
                      <>
                        <Text as="h3" variant="headingSm">
                          {t("editor.ab")}
                        </Text>
                        <TextField
                          label={t("editor.subjectB", { lang: t(`settings.lang.${lang}`) })}
                          autoComplete="off"
                          value={state.subjectsB[lang]}
                          onChange={(value) => update({ subjectsB: { ...state.subjectsB, [lang]: value } })}
                          helpText={t("editor.subjectBHelp")}
                          error={errors[`ab.subjects.${lang}`]}
                        />
                        <TextField label={t("editor.minSample")} type="number" autoComplete="off" value={state.minSample} onChange={(minSample) => update({ minSample })} error={errors["ab.minSample"]} />
                      </>
                    )}
                  </BlockStack>
                </Card>
              ) : (
                <Banner tone="info">{t("editor.onsiteNote")}</Banner>
              )}
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              {email && template && (
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      {t("editor.preview")}
                    </Text>
                    <PreviewPane items={preview.data?.items ?? null} loading={preview.state !== "idle"} profile={profile} onProfile={setProfile} />
                    {step === 0 && state.subjectsB[lang] && <Checkbox label={t("editor.testSendB")} checked={useB} onChange={setUseB} />}
                    {editor.testTo ? (
                      <Button
                        loading={testSend.state !== "idle"}
                        onClick={() => testSend.submit({ intent: "test-send", lang, step, template, profile, subjectB: useB && step === 0 ? state.subjectsB[lang] : null }, { method: "post", encType: "application/json" })}
                      >
                        {t("editor.testSend", { to: editor.testTo })}
                      </Button>
                    ) : (
                      <Text as="p" tone="subdued">
                        {t("editor.testSendNoAddress")}
                      </Text>
                    )}
                    {test?.intent === "test-send" && (
                      <Banner tone={test.ok ? "success" : "critical"}>{test.ok ? t("editor.testSent", { to: test.to, subject: test.subject }) : t("editor.testFailed", { error: test.error })}</Banner>
                    )}
                  </BlockStack>
                </Card>
              )}
              <ScenarioReport detail={editor.detail} timezone={timezone} />
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Page>
    </>
  );
}
