import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useEffect, useState } from "react";
import { loadAdminShop } from "~/.server/admin/auth";
import { scenarioRows, setScenarioEnabled, type ScenarioRow } from "~/.server/admin/scenarios";
import { backfillProgress, type BackfillProgress } from "~/.server/backfill/backfill";
import { senderReady } from "~/.server/shops";
import { formatLift, formatMoneyCents, formatRate } from "~/components/format";
import { useLang, useT } from "~/components/i18n";
import { db } from "~/db.server";
import { adminMeta } from "~/components/admin-meta";

export const meta = adminMeta((t) => t("scenarios.title"));

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const started = performance.now();
  const admin = await loadAdminShop(request);
  const rows = await scenarioRows(db, admin.shop, new Date(), admin.t);
  const backfill = await backfillProgress(db, admin.shop);
  const ms = (performance.now() - started).toFixed(1);
  return data({ rows, senderReady: senderReady(admin.row), backfill }, { headers: { "Server-Timing": `scenarios;dur=${ms}` } });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const admin = await loadAdminShop(request);
  const form = await request.formData();
  const result = await setScenarioEnabled(db, admin.shop, String(form.get("scenario")), form.get("enabled") === "true", admin.t);
  return data(result, { status: result.ok ? 200 : 400 });
};

export const headers: HeadersFunction = (args) => {
  const merged = new Headers(boundary.headers(args));
  const timing = args.loaderHeaders.get("Server-Timing");
  if (timing) merged.set("Server-Timing", timing);
  return merged;
};

export default function ScenariosPage() {
  const { rows, senderReady, backfill } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <Page title={t("scenarios.title")}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              {t("scenarios.intro")}
            </Text>
            {!senderReady && (
              <Banner tone="warning" action={{ content: t("scenarios.openSettings"), url: "/app/settings" }}>
                {t("scenarios.senderMissing")}
              </Banner>
            )}
            <BackfillBanner progress={backfill} />
            {rows.map((row) => (
              <ScenarioCard key={row.key} row={row} />
            ))}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function ScenarioCard({ row }: { row: ScenarioRow }) {
  const t = useT();
  const lang = useLang();
  const fetcher = useFetcher<typeof action>();
  // The switch moves the moment it is clicked; the saved value takes over once the server answers.
  const [enabled, setEnabled] = useState(row.enabled);
  useEffect(() => setEnabled(row.enabled), [row.enabled]);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && !fetcher.data.ok) setEnabled(row.enabled);
  }, [fetcher.state, fetcher.data, row.enabled]);
  const name = t(`scenario.${row.key}`);
  const rate = formatRate(row.kpi.rate, lang);
  const lift = formatLift(row.kpi.lift, lang);
  return (
    <div data-scenario={row.key}>
      <Card>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center" wrap={false}>
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                {name}
              </Text>
              <Badge tone={row.channel === "email" ? "info" : "attention"}>{t(`channel.${row.channel}`)}</Badge>
              <Badge tone={enabled ? "success" : undefined}>{enabled ? t("common.on") : t("common.off")}</Badge>
            </InlineStack>
            <InlineStack gap="300" blockAlign="center">
              <Checkbox
                label={t("scenarios.switch", { name })}
                checked={enabled}
                onChange={(checked) => {
                  setEnabled(checked);
                  fetcher.submit({ scenario: row.key, enabled: String(checked) }, { method: "post" });
                }}
              />
              <Button url={`/app/scenarios/${row.key}`}>{t("scenarios.edit")}</Button>
            </InlineStack>
          </InlineStack>
          <InlineStack gap="800" wrap>
            <Fact label={t("scenarios.timing")} value={row.timing} />
            <Fact
              label={t("scenarios.kpi")}
              value={`${t(`kpi.${row.key}`)}: ${rate ? t("scenarios.rate", { rate, num: row.kpi.numerator, den: row.kpi.denominator }) : t("scenarios.noData")}`}
              extra={lift ? t("scenarios.lift", { lift }) : undefined}
            />
            <Fact
              label={t("scenarios.week")}
              value={t("scenarios.counts", { sent: row.week.sent, skipped: row.week.skipped, deferred: row.week.deferred })}
              extra={row.revenueCents > 0 ? t("scenarios.revenue", { amount: formatMoneyCents(row.revenueCents, row.currency, lang) }) : undefined}
            />
          </InlineStack>
        </BlockStack>
      </Card>
    </div>
  );
}

function Fact({ label, value, extra }: { label: string; value: string; extra?: string }) {
  return (
    <Box minWidth="200px">
      <BlockStack gap="050">
        <Text as="span" variant="bodySm" tone="subdued">
          {label}
        </Text>
        <Text as="span">{value}</Text>
        {extra && (
          <Text as="span" variant="bodySm" tone="subdued">
            {extra}
          </Text>
        )}
      </BlockStack>
    </Box>
  );
}

/** The install-time read of the store's existing customers: in progress, done, or what went wrong. */
function BackfillBanner({ progress }: { progress: BackfillProgress }) {
  const t = useT();
  switch (progress.state) {
    case "none":
      return null;
    case "running":
      return (
        <Banner tone="info" title={t("backfill.running")}>
          <p data-backfill="running">{t("backfill.runningDetail", { count: progress.customers })}</p>
          {progress.retrying && <p>{t("backfill.retrying", { error: progress.retrying })}</p>}
        </Banner>
      );
    case "completed":
      return (
        <Text as="p" tone="subdued">
          <span data-backfill="completed">{t("backfill.completed", { count: progress.customers })}</span>
        </Text>
      );
    case "partial":
    case "failed":
      return (
        <Banner tone="warning" title={t(progress.state === "partial" ? "backfill.partial" : "backfill.failed")}>
          <p data-backfill={progress.state}>{progress.error}</p>
        </Banner>
      );
  }
}
