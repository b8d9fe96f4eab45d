import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, FormLayout, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { loadAdminShop } from "~/.server/admin/auth";
import { completeOnboarding } from "~/.server/admin/settings";
import { withSenderVerifyDeps } from "~/.server/sender/verification";
import { useT } from "~/components/i18n";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { adminMeta } from "~/components/admin-meta";

export const meta = adminMeta((t) => t("onboarding.title"));

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const admin = await loadAdminShop(request);
  const s = admin.row;
  return { senderName: s.senderName ?? s.name, senderEmail: s.senderEmail ?? s.email ?? "", postalAddress: s.postalAddress ?? "", locale: admin.lang };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const admin = await loadAdminShop(request);
  const form = await request.formData();
  const input = {
    senderName: String(form.get("senderName") ?? ""),
    senderEmail: String(form.get("senderEmail") ?? ""),
    postalAddress: String(form.get("postalAddress") ?? ""),
    locale: String(form.get("locale") ?? "en"),
    acknowledged: form.get("acknowledged") === "on",
  };
  const result = await withSenderVerifyDeps(db, env(), (deps) => completeOnboarding(deps, admin.shop, input, new Date(), admin.t));
  if (result.ok) throw admin.redirect("/app");
  return data({ errors: result.errors }, { status: 400 });
};

export default function OnboardingPage() {
  const initial = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const [v, setV] = useState({ ...initial, acknowledged: false });
  const errors: Record<string, string> = answer?.errors ?? {};
  const set = (key: keyof typeof v) => (value: string | boolean) => setV((s) => ({ ...s, [key]: value }));
  return (
    <Page title={t("onboarding.title")} narrowWidth>
      <Form method="post">
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <Text as="p">{t("onboarding.intro")}</Text>
              <Card>
                <FormLayout>
                  <Text as="h2" variant="headingMd">
                    {t("onboarding.identity")}
                  </Text>
                  <TextField name="senderName" label={t("settings.senderName")} autoComplete="off" value={v.senderName} onChange={set("senderName")} error={errors.senderName} />
                  <TextField name="senderEmail" type="email" label={t("settings.senderEmail")} autoComplete="off" value={v.senderEmail} onChange={set("senderEmail")} error={errors.senderEmail} />
                  <TextField name="postalAddress" label={t("settings.postalAddress")} autoComplete="off" multiline={2} value={v.postalAddress} onChange={set("postalAddress")} error={errors.postalAddress} />
                  <Select
                    name="locale"
                    label={t("settings.language")}
                    value={v.locale}
                    onChange={set("locale")}
                    options={[{ value: "en", label: t("settings.lang.en") }, { value: "ko", label: t("settings.lang.ko") }]}
                  />
                </FormLayout>
              </Card>
              <Banner tone="warning">
                <BlockStack gap="200">
                  <Text as="p">{t("onboarding.shopifyWarning")}</Text>
                  <Checkbox name="acknowledged" label={t("onboarding.shopifyAck")} checked={v.acknowledged} onChange={set("acknowledged")} error={errors.acknowledged} />
                </BlockStack>
              </Banner>
              <div>
                <Button submit variant="primary" loading={navigation.state !== "idle"}>
                  {t("onboarding.finish")}
                </Button>
              </div>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
