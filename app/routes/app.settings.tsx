import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useFetcher, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, FormLayout, InlineError, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useMemo, useState } from "react";
import { loadAdminShop } from "~/.server/admin/auth";
import { resendNotice, senderPanel, type Notice, type SenderPanel } from "~/.server/admin/sender";
import { saveSettings, settingsValues, type SettingsValues } from "~/.server/admin/settings";
import { resendSenderVerification, withSenderVerifyDeps } from "~/.server/sender/verification";
import { checkSmtp, type SmtpCheck } from "~/.server/admin/smtp-check";
import { formatDateTime } from "~/components/format";
import { useLang, useT } from "~/components/i18n";
import { SaveBar } from "~/components/save-bar";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { adminMeta } from "~/components/admin-meta";
import { BrandSettings, type LogoState } from "~/components/brand-settings";
import { logoUrl } from "~/.server/brand/shop-brand";

export const meta = adminMeta((t) => t("settings.title"));

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const admin = await loadAdminShop(request);
  // The admin is served by the app itself, so the logo's own path works here whatever the public URL.
  const logo: LogoState = { uploadedUrl: admin.row.brandLogoFile ? logoUrl("", admin.shop, admin.row.brandLogoFile) : null };
  return { values: settingsValues(admin.row), sender: senderPanel(admin.row, env().defaultFrom, new Date()), timezone: admin.row.timezone, logo };
};

type Answer =
  | { intent: "save"; ok: true; notice: Notice | null }
  | { intent: "save"; ok: false; errors: Record<string, string> }
  | { intent: "smtp"; check: SmtpCheck }
  | { intent: "verify"; notice: Notice | null };

export const action = async ({ request }: ActionFunctionArgs) => {
  const admin = await loadAdminShop(request);
  const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
  if (body.intent === "smtp") return { intent: "smtp", check: await checkSmtp(env()) } satisfies Answer;
  if (body.intent === "verify") {
    const answer = await withSenderVerifyDeps(db, env(), (deps) => resendSenderVerification(deps, admin.shop, new Date()));
    return { intent: "verify", notice: resendNotice(answer, admin.row, admin.t) } satisfies Answer;
  }
  const result = await withSenderVerifyDeps(db, env(), (deps) => saveSettings(deps, admin.shop, body.values, admin.t, new Date()));
  const answer: Answer = result.ok ? { intent: "save", ok: true, notice: result.notice } : { intent: "save", ok: false, errors: result.errors };
  return data(answer, { status: result.ok ? 200 : 400 });
};

const NUMERIC = [
  "budgetMinGapHours",
  "budgetMaxPer7Days",
  "attributionDays",
  "holdoutPercent",
  "anonymousCodesPerDay",
  "segmentLoyalOrders",
  "segmentVipTopPercent",
  "segmentVipMinSpent",
  "segmentDormantDays",
  "segmentEngagedDays",
] as const;

type Form = Omit<SettingsValues, (typeof NUMERIC)[number]> & Record<(typeof NUMERIC)[number], string>;

function toForm(v: SettingsValues): Form {
  return { ...v, ...(Object.fromEntries(NUMERIC.map((k) => [k, v[k] === null ? "" : String(v[k])])) as Record<(typeof NUMERIC)[number], string>) };
}

export default function SettingsPage() {
  const { values, sender, timezone, logo } = useLoaderData<typeof loader>();
  return <SettingsForm key={JSON.stringify(values)} values={values} sender={sender} timezone={timezone} logo={logo} />;
}

/** Whether the sender address is verified, and which From the shop's email carries until it is. */
function SenderStatus({ sender, timezone }: { sender: SenderPanel; timezone: string }) {
  const t = useT();
  const lang = useLang();
  const resend = useFetcher<typeof action>();
  const answer = resend.data as Answer | undefined;
  const notice = answer?.intent === "verify" ? answer.notice : null;
  const when = (iso: string) => formatDateTime(iso, lang, timezone);
  if (sender.state === "verified") {
    return <Banner tone="success">{t("settings.senderStatus.verified", { address: sender.address ?? "", from: sender.from })}</Banner>;
  }
  const fallback = sender.fallbackReplyTo
    ? t("settings.senderStatus.fallback", { from: sender.fallbackFrom, replyTo: sender.fallbackReplyTo })
    : t("settings.senderStatus.fallbackNoReply", { from: sender.fallbackFrom });
  if (sender.state === "not_set") return <Banner tone="info">{`${t("settings.senderStatus.notSet")} ${fallback}`}</Banner>;
  return (
    <Banner tone="warning">
      <BlockStack gap="200">
        <Text as="p">{sender.sentAt ? t("settings.senderStatus.waiting", { address: sender.address ?? "", time: when(sender.sentAt) }) : t("settings.senderStatus.unsent", { address: sender.address ?? "" })}</Text>
        <Text as="p">{fallback}</Text>
        <InlineStack gap="200" blockAlign="center">
          <Button loading={resend.state !== "idle"} onClick={() => resend.submit({ intent: "verify" }, { method: "post", encType: "application/json" })}>
            {sender.sentAt ? t("settings.senderVerify.resend") : t("settings.senderVerify.send")}
          </Button>
          {sender.resendAt && <Text as="span" tone="subdued">{t("settings.senderVerify.resendAt", { time: when(sender.resendAt) })}</Text>}
        </InlineStack>
        {notice && <Text as="p" tone={notice.tone === "success" ? "success" : "critical"}>{notice.text}</Text>}
      </BlockStack>
    </Banner>
  );
}

function SettingsForm({ values, sender, timezone, logo }: { values: SettingsValues; sender: SenderPanel; timezone: string; logo: LogoState }) {
  const t = useT();
  const initial = useMemo(() => toForm(values), [values]);
  const [form, setForm] = useState<Form>(initial);
  const answer = useActionData<typeof action>() as Answer | undefined;
  const smtp = useFetcher<typeof action>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const errors = answer?.intent === "save" && !answer.ok ? answer.errors : {};
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const set = <K extends keyof Form>(key: K) => (value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const save = () => {
    const numbers = Object.fromEntries(NUMERIC.map((k) => [k, form[k].trim() === "" ? null : Number(form[k])]));
    submit({ intent: "save", values: { ...form, ...numbers } }, { method: "post", encType: "application/json" });
  };
  const move = (i: number, by: -1 | 1) => {
    const next = [...form.priority];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    set("priority")(next);
  };
  const text = (key: "senderName" | "senderEmail" | "replyTo" | "postalAddress" | "contact" | (typeof NUMERIC)[number] | "quietHoursStart" | "quietHoursEnd" | "reviewUrlPattern", label: string, type: "text" | "email" | "number" = "text") => (
    <TextField label={label} type={type} autoComplete="off" value={form[key]} onChange={set(key)} error={errors[key]} />
  );
  const check = (smtp.data as Answer | undefined)?.intent === "smtp" ? (smtp.data as Extract<Answer, { intent: "smtp" }>).check : null;
  return (
    <>
      <SaveBar id="settings-save-bar" open={dirty} saving={navigation.state !== "idle"} onSave={save} onDiscard={() => setForm(initial)} />
      <Page title={t("settings.title")}>
        <Layout>
          {answer?.intent === "save" && (
            <Layout.Section>
              <Banner tone={answer.ok ? "success" : "critical"}>{answer.ok ? t("common.saved") : t("common.fixErrors")}</Banner>
            </Layout.Section>
          )}
          {answer?.intent === "save" && answer.ok && answer.notice && (
            <Layout.Section>
              <Banner tone={answer.notice.tone}>{answer.notice.text}</Banner>
            </Layout.Section>
          )}
          <Layout.AnnotatedSection title={t("settings.sender")}>
            <Card>
              <FormLayout>
                {text("senderName", t("settings.senderName"))}
                <TextField
                  label={t("settings.senderEmail")}
                  type="email"
                  autoComplete="off"
                  value={form.senderEmail}
                  onChange={set("senderEmail")}
                  error={errors.senderEmail}
                  helpText={t("settings.senderEmailHelp", { from: sender.fallbackFrom })}
                />
                <SenderStatus sender={sender} timezone={timezone} />
                {text("replyTo", t("settings.replyTo"), "email")}
                <TextField label={t("settings.postalAddress")} autoComplete="off" multiline={2} value={form.postalAddress} onChange={set("postalAddress")} error={errors.postalAddress} />
                {text("contact", t("settings.contact"))}
                <Checkbox label={t("settings.koreanAdRules")} checked={form.koreanAdRules} onChange={set("koreanAdRules")} />
                {text("reviewUrlPattern", t("settings.reviewUrlPattern"))}
                <Checkbox label={t("settings.consentWriteBack")} helpText={t("settings.consentWriteBackHelp")} checked={form.consentWriteBack} onChange={set("consentWriteBack")} />
                <Select
                  label={t("settings.language")}
                  value={form.locale}
                  onChange={(v) => set("locale")(v === "ko" ? "ko" : "en")}
                  options={[{ value: "en", label: t("settings.lang.en") }, { value: "ko", label: t("settings.lang.ko") }]}
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("settings.brand")} description={t("settings.brand.help")}>
            <Card>
              <BrandSettings values={form} errors={errors} logo={logo} onChange={(key, value) => setForm((f) => ({ ...f, [key]: value }))} />
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("settings.frequency")}>
            <Card>
              <FormLayout>
                {text("budgetMinGapHours", t("settings.minGapHours"), "number")}
                {text("budgetMaxPer7Days", t("settings.maxPer7Days"), "number")}
                <BlockStack gap="100">
                  <Text as="span">{t("settings.priority")}</Text>
                  {form.priority.map((key, i) => (
                    <InlineStack key={key} gap="200" blockAlign="center">
                      <Text as="span" tone="subdued">
                        {i + 1}.
                      </Text>
                      <div style={{ minWidth: 260 }}>
                        <Text as="span">{t(`scenario.${key}`)}</Text>
                      </div>
                      <Button size="slim" disabled={i === 0} onClick={() => move(i, -1)} accessibilityLabel={t("settings.moveUp", { name: t(`scenario.${key}`) })}>
                        ↑
                      </Button>
                      <Button size="slim" disabled={i === form.priority.length - 1} onClick={() => move(i, 1)} accessibilityLabel={t("settings.moveDown", { name: t(`scenario.${key}`) })}>
                        ↓
                      </Button>
                    </InlineStack>
                  ))}
                  {errors.priority && <InlineError fieldID="priority" message={errors.priority} />}
                </BlockStack>
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("settings.quietHours")}>
            <Card>
              <FormLayout>
                <Checkbox label={t("settings.quietOn")} checked={form.quietHoursOn} onChange={set("quietHoursOn")} />
                {form.quietHoursOn && (
                  <FormLayout.Group>
                    {text("quietHoursStart", t("settings.quietStart"))}
                    {text("quietHoursEnd", t("settings.quietEnd"))}
                  </FormLayout.Group>
                )}
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("settings.measurement")}>
            <Card>
              <FormLayout>
                {text("attributionDays", t("settings.attributionDays"), "number")}
                {text("holdoutPercent", t("settings.holdoutPercent"), "number")}
                {text("anonymousCodesPerDay", t("settings.anonymousCodesPerDay"), "number")}
                <Select
                  label={t("settings.signupOptIn")}
                  value={form.signupOptIn}
                  onChange={(v) => set("signupOptIn")(v === "single" ? "single" : "double")}
                  options={[{ value: "double", label: t("settings.signupOptIn.double") }, { value: "single", label: t("settings.signupOptIn.single") }]}
                  helpText={t(form.signupOptIn === "single" ? "settings.signupOptIn.singleHelp" : "settings.signupOptIn.doubleHelp")}
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("settings.segments")} description={t("settings.segmentsHelp")}>
            <Card>
              <FormLayout>
                {text("segmentLoyalOrders", t("settings.segmentLoyalOrders"), "number")}
                <FormLayout.Group>
                  {text("segmentVipTopPercent", t("settings.segmentVipTopPercent"), "number")}
                  {text("segmentVipMinSpent", t("settings.segmentVipMinSpent"), "number")}
                </FormLayout.Group>
                {text("segmentDormantDays", t("settings.segmentDormantDays"), "number")}
                {text("segmentEngagedDays", t("settings.segmentEngagedDays"), "number")}
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("settings.smtp")}>
            <Card>
              <BlockStack gap="200">
                <div>
                  <Button loading={smtp.state !== "idle"} onClick={() => smtp.submit({ intent: "smtp" }, { method: "post", encType: "application/json" })}>
                    {t("settings.smtpTest")}
                  </Button>
                </div>
                {check?.kind === "ok" && <Banner tone="success">{t("settings.smtpOk", { host: check.host })}</Banner>}
                {check?.kind === "outbox" && <Banner tone="info">{t("settings.smtpOutbox", { dir: check.dir })}</Banner>}
                {check?.kind === "failed" && <Banner tone="critical">{t("settings.smtpFailed", { host: check.host, error: check.error })}</Banner>}
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>
        </Layout>
      </Page>
    </>
  );
}
