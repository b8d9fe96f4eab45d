import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, InlineStack, Page, Text } from "@shopify/polaris";
import { personTimeline } from "~/.server/admin/activity";
import { loadAdminShop } from "~/.server/admin/auth";
import { isSunset, reverseSunset } from "~/.server/lifecycle/win-back";
import { formatDateTime } from "~/components/format";
import { useLang, useT } from "~/components/i18n";
import { StatusBadge } from "~/components/status-badge";
import { db } from "~/db.server";
import { isMessageKey } from "~/i18n";
import { adminMeta } from "~/components/admin-meta";

export const meta = adminMeta((t, { data }) => t("person.title", { who: (data as { timeline?: { email?: string | null } } | undefined)?.timeline?.email ?? "" }));

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const admin = await loadAdminShop(request);
  const timeline = await personTimeline(db, admin.shop, params.ref ?? "", admin.t);
  return { timeline, timezone: admin.row.timezone, sunset: await isSunset(db, admin.shop, timeline.email) };
};

/** The merchant reverses a sunset: the address receives marketing email again. */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const admin = await loadAdminShop(request);
  const form = await request.formData();
  if (form.get("intent") !== "reverse-sunset") return { ok: false as const };
  return { ok: await reverseSunset(db, admin.shop, params.ref ?? "", new Date()) };
};

export default function PersonTimelinePage() {
  const { timeline, timezone, sunset } = useLoaderData<typeof loader>();
  const reverse = useFetcher<typeof action>();
  const t = useT();
  const lang = useLang();
  const c = timeline.customer;
  return (
    <Page title={t("person.title", { who: timeline.email })} backAction={{ content: t("nav.activity"), url: "/app/activity" }}>
      <BlockStack gap="300">
        <Text as="p" tone="subdued">
          {c ? t("person.profile", { name: c.name ?? timeline.email, orders: c.ordersCount, consent: c.consent }) : t("person.unknown")}
        </Text>
        {sunset && (
          <Banner
            tone="warning"
            action={{ content: t("person.sunsetReverse"), loading: reverse.state !== "idle", onAction: () => reverse.submit({ intent: "reverse-sunset" }, { method: "post" }) }}
          >
            {t("person.sunset")}
          </Banner>
        )}
        {!sunset && reverse.data?.ok && <Banner tone="success">{t("person.sunsetReversed")}</Banner>}
        {timeline.messages.map((m) => {
          const events = timeline.events.filter((e) => e.messageId === m.id);
          return (
            <Card key={m.id}>
              <BlockStack gap="100">
                <InlineStack gap="200" blockAlign="center">
                  <StatusBadge status={m.status} />
                  <Text as="span" fontWeight="semibold">
                    {t(`scenario.${m.scenario}` as "scenario.welcome")} · {t("activity.step", { n: m.step + 1 })}
                  </Text>
                  <Text as="span" tone="subdued">
                    {formatDateTime(m.at, lang, timezone)}
                  </Text>
                </InlineStack>
                {m.reason && <Text as="p">{m.reason}</Text>}
                {events.map((e) => {
                  const key = `event.${e.type}`;
                  return (
                    <Text key={`${e.type}-${e.at}`} as="p" tone="subdued" variant="bodySm">
                      {t("person.events", { type: isMessageKey(key) ? t(key) : e.type, at: formatDateTime(e.at, lang, timezone) })}
                    </Text>
                  );
                })}
              </BlockStack>
            </Card>
          );
        })}
      </BlockStack>
    </Page>
  );
}
