// The scenario's audience: a choice per segment (include, exclude or neither) with each segment's size,
// then what the saved audience reaches, whether that can measure the KPI, and where other switched-on
// scenarios reach the same people.
import { Banner, BlockStack, Card, InlineError, Select, Text } from "@shopify/polaris";
import type { AudienceView } from "~/.server/admin/editor";
import { SEGMENTS, type Audience, type Segment } from "~/domain/segments";
import type { ScenarioKey } from "~/domain/types";
import { formatMoneyCents } from "./format";
import { useLang, useT } from "./i18n";

type Choice = "any" | "include" | "exclude";

function choiceOf(audience: Audience, segment: Segment): Choice {
  if (audience.include.includes(segment)) return "include";
  if (audience.exclude.includes(segment)) return "exclude";
  return "any";
}

function withChoice(audience: Audience, segment: Segment, choice: Choice): Audience {
  const include = audience.include.filter((s) => s !== segment);
  const exclude = audience.exclude.filter((s) => s !== segment);
  if (choice === "include") include.push(segment);
  if (choice === "exclude") exclude.push(segment);
  const order = (list: Segment[]) => SEGMENTS.filter((s) => list.includes(s));
  return { include: order(include), exclude: order(exclude) };
}

type Props = { view: AudienceView; value: Audience; error?: string; onChange: (audience: Audience) => void };

export function AudienceCard({ view, value, error, onChange }: Props) {
  const t = useT();
  const lang = useLang();
  const th = view.thresholds;
  const label = (s: Segment): string => {
    switch (s) {
      case "loyal":
        return t("segment.loyal", { n: th.loyalOrders });
      case "vip":
        return th.vipMinSpentCents !== null ? t("segment.vipAmount", { amount: formatMoneyCents(th.vipMinSpentCents, null, lang) }) : t("segment.vip", { percent: th.vipTopPercent });
      case "dormant":
        return t("segment.dormant", { days: th.dormantDays });
      case "engaged":
        return t("segment.engaged", { days: th.engagedDays });
      default:
        return t(`segment.${s}`);
    }
  };
  const scenarioName = (k: ScenarioKey) => t(`scenario.${k}`);
  const { reach, holdout } = view;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("editor.audience")}
        </Text>
        <Text as="p" tone="subdued">
          {t("editor.audienceHelp")}
        </Text>
        {SEGMENTS.map((s) => (
          <Select
            key={s}
            id={`audience-${s}`}
            label={t("editor.segmentSize", { label: label(s), n: view.sizes[s] })}
            value={choiceOf(value, s)}
            onChange={(choice) => onChange(withChoice(value, s, choice as Choice))}
            options={(["any", "include", "exclude"] as const).map((c) => ({ value: c, label: t(`editor.audience.${c}`) }))}
          />
        ))}
        {error && <InlineError message={error} fieldID="audience-new" />}
        <div data-testid="audience-reach">
          <BlockStack gap="200">
            <Text as="p">{t("editor.reachNow", { n: reach.now })}</Text>
            {reach.last30Days !== null && <Text as="p">{t("editor.reachRecent", { days: view.days, n: reach.last30Days })}</Text>}
          </BlockStack>
        </div>
        {!holdout.ok && (
          <Banner tone="warning">
            {holdout.daysNeeded === null
              ? t("editor.holdoutNever", { percent: holdout.percent, reached: holdout.reached, days: holdout.days, heldOut: holdout.heldOut, needed: holdout.needed })
              : t("editor.holdoutFew", { percent: holdout.percent, reached: holdout.reached, days: holdout.days, heldOut: holdout.heldOut, needed: holdout.needed, daysNeeded: holdout.daysNeeded })}
          </Banner>
        )}
        {reach.overlaps.map((o) => (
          <Banner key={o.scenario} tone="info">
            <span data-testid="audience-overlap">
              {t("editor.overlap", { n: o.people, other: scenarioName(o.scenario), hours: view.budget.minGapHours, max: view.budget.maxPer7Days, deferred: scenarioName(view.deferred[o.scenario] ?? o.scenario) })}
            </span>
          </Banner>
        ))}
      </BlockStack>
    </Card>
  );
}
