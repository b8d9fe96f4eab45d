import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { ScenarioDetail } from "~/.server/measurement/report";
import { formatDay, formatLift, formatMoneyCents, formatRate } from "./format";
import { useLang, useT } from "./i18n";

/**
 * The scenario's one KPI against its holdout, revenue, the A/B test's state and a weekly trend. The
 * exit-intent modal has its own lines: what visitors did, and its holdout compared where it can be.
 */
export function ScenarioReport({ detail, timezone }: { detail: ScenarioDetail; timezone: string }) {
  const t = useT();
  const lang = useLang();
  const none = t("scenarios.noData");
  const ab = detail.ab;
  const sends = (v: "A" | "B") => (ab.status === "off" ? 0 : (ab.variants.find((x) => x.variant === v)?.sent ?? 0));
  const abLine =
    ab.status === "off"
      ? t("report.ab.off")
      : ab.status === "collecting"
        ? t("report.ab.collecting", { a: sends("A"), b: sends("B"), min: ab.minSample })
        : ab.status === "winner"
          ? t("report.ab.winner", { winner: ab.winner })
          : t("report.ab.tie");
  const max = Math.max(1, ...detail.trend.map((p) => p.sent));
  const onsite = detail.onsite;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("report.title")}
        </Text>
        <Text as="p" fontWeight="semibold">
          {t("report.kpi", { name: t(`kpi.${detail.scenario}`), rate: formatRate(detail.kpi.rate, lang) ?? none })}
        </Text>
        {onsite ? (
          <>
            <Text as="p" tone="subdued">
              {t("report.onsite.holdout", { heldOut: onsite.heldOutVisitors, offered: onsite.offeredVisitors })}
            </Text>
            <Text as="p" tone="subdued">
              {t("report.onsite.compare", {
                offeredRate: formatRate(onsite.loggedIn.offered.rate, lang) ?? none,
                offered: onsite.loggedIn.offered.customers,
                heldOutRate: formatRate(onsite.loggedIn.heldOut.rate, lang) ?? none,
                heldOut: onsite.loggedIn.heldOut.customers,
                lift: formatLift(onsite.loggedIn.lift, lang) ?? none,
              })}
            </Text>
            <Text as="p" tone="subdued" variant="bodySm">
              {t("report.onsite.compareNote")}
            </Text>
          </>
        ) : (
          <Text as="p" tone="subdued">
            {t("report.holdout", { rate: formatRate(detail.kpi.holdoutRate, lang) ?? none, size: detail.kpi.holdoutSize })} ·{" "}
            {t("report.lift", { lift: formatLift(detail.kpi.lift, lang) ?? none })}
          </Text>
        )}
        <Text as="p">{t("report.revenue", { amount: formatMoneyCents(detail.revenueCents, detail.currency, lang) })}</Text>
        <Text as="p" tone="subdued" variant="bodySm">
          {onsite
            ? t("report.onsite.engagement", {
                impressions: onsite.impressions,
                dismissals: onsite.dismissals,
                reveals: onsite.reveals,
                signups: onsite.signups,
                codeUses: onsite.codeUses,
                orders: onsite.orders,
                amount: formatMoneyCents(onsite.ordersRevenueCents, onsite.ordersCurrency, lang),
              })
            : t("report.engagement", { opens: detail.opens, clicks: detail.clicks, unsubscribes: detail.unsubscribes, couponUses: detail.couponUses, conversions: detail.conversions })}
        </Text>
        {detail.codesRefused !== null && (
          <Text as="p" tone="subdued" variant="bodySm">
            {t("report.codesRefused", { count: detail.codesRefused })}
          </Text>
        )}
        <Text as="p">{abLine}</Text>
        <Text as="h3" variant="headingSm">
          {t("report.trend")}
        </Text>
        {detail.trend.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("report.trendEmpty")}
          </Text>
        ) : (
          <InlineStack gap="100" blockAlign="end">
            {detail.trend.map((p) => {
              const label = t("report.week", { date: formatDay(p.weekStart, lang, timezone), sent: p.sent, conversions: p.conversions });
              return (
                <div key={p.weekStart} title={label} aria-label={label} role="img" style={{ width: 18, height: 80, display: "flex", flexDirection: "column", justifyContent: "flex-end" }}>
                  <div style={{ height: `${(p.sent / max) * 100}%`, background: "var(--p-color-bg-fill-info)", borderRadius: 3, position: "relative" }}>
                    <div style={{ position: "absolute", bottom: 0, width: "100%", height: p.sent ? `${(p.conversions / p.sent) * 100}%` : 0, background: "var(--p-color-bg-fill-success)", borderRadius: 3 }} />
                  </div>
                </div>
              );
            })}
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}
