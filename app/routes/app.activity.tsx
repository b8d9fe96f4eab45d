import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { BlockStack, Button, Card, IndexTable, InlineStack, Link, Page, Select, Text } from "@shopify/polaris";
import { listActivity, parseActivityFilter } from "~/.server/admin/activity";
import { MESSAGE_STATUSES } from "~/components/message-status";
import { loadAdminShop } from "~/.server/admin/auth";
import { StatusBadge } from "~/components/status-badge";
import { formatDateTime } from "~/components/format";
import { useLang, useT } from "~/components/i18n";
import { SCENARIO_KEYS } from "~/domain/scenarios";
import { db } from "~/db.server";
import { adminMeta } from "~/components/admin-meta";

export const meta = adminMeta((t) => t("activity.title"));

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const admin = await loadAdminShop(request);
  const filter = parseActivityFilter(new URL(request.url).searchParams);
  const page = await listActivity(db, admin.shop, filter, admin.t);
  return { ...page, filter, timezone: admin.row.timezone };
};

export default function ActivityPage() {
  const { rows, nextCursor, filter, timezone } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    navigate(`?${next.toString()}`);
  };
  return (
    <Page title={t("activity.title")} subtitle={t("activity.intro")}>
      <BlockStack gap="300">
        <InlineStack gap="300">
          <Select
            label={t("activity.scenario")}
            value={filter.scenario ?? ""}
            onChange={(v) => go({ scenario: v || null, cursor: null })}
            options={[{ value: "", label: t("activity.all") }, ...SCENARIO_KEYS.map((k) => ({ value: k, label: t(`scenario.${k}`) }))]}
          />
          <Select
            label={t("activity.status")}
            value={filter.status ?? ""}
            onChange={(v) => go({ status: v || null, cursor: null })}
            options={[{ value: "", label: t("activity.all") }, ...MESSAGE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
          />
        </InlineStack>
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: t("activity.title"), plural: t("activity.title") }}
            itemCount={rows.length}
            selectable={false}
            emptyState={
              <Text as="p" tone="subdued" alignment="center">
                {t("activity.empty")}
              </Text>
            }
            headings={[{ title: t("activity.when") }, { title: t("activity.scenario") }, { title: t("activity.to") }, { title: t("activity.status") }, { title: t("activity.reason") }]}
          >
            {rows.map((row, i) => (
              <IndexTable.Row id={row.id} key={row.id} position={i}>
                <IndexTable.Cell>{formatDateTime(row.at, lang, timezone)}</IndexTable.Cell>
                <IndexTable.Cell>
                  {t(`scenario.${row.scenario}` as "scenario.welcome")} · {t("activity.step", { n: row.step + 1 })}
                </IndexTable.Cell>
                <IndexTable.Cell>{row.email ? <Link url={`/app/people/${encodeURIComponent(row.email)}`}>{row.email}</Link> : t("activity.unknownRecipient")}</IndexTable.Cell>
                <IndexTable.Cell>
                  <StatusBadge status={row.status} />
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <div style={{ whiteSpace: "normal", maxWidth: 460 }}>
                    <Text as="span" tone="subdued">
                      {row.reason ?? t("common.none")}
                    </Text>
                  </div>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        <InlineStack gap="200">
          {filter.cursor && <Button onClick={() => go({ cursor: null })}>{t("common.first")}</Button>}
          {nextCursor && <Button onClick={() => go({ cursor: nextCursor })}>{t("common.next")}</Button>}
        </InlineStack>
      </BlockStack>
    </Page>
  );
}
