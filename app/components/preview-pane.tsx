import { Banner, BlockStack, Select, Spinner, Text } from "@shopify/polaris";
import type { PreviewItem } from "~/.server/admin/preview";
import { useT } from "./i18n";
import { InboxPreview } from "./inbox-preview";

/**
 * The rendered email for one sample customer (the one a test send uses too), and its inbox line;
 * the HTML runs in a sandboxed frame with no scripts.
 */
export function PreviewPane({ items, loading, profile, onProfile }: { items: PreviewItem[] | null; loading: boolean; profile: string; onProfile: (id: string) => void }) {
  const t = useT();
  const item = items?.find((i) => i.profile === profile) ?? items?.[0];
  return (
    <BlockStack gap="300">
      <Select
        label={t("editor.previewProfile")}
        value={profile}
        onChange={onProfile}
        options={(items ?? []).map((i) => ({ value: i.profile, label: t(i.label) }))}
      />
      {!item && loading && <Spinner size="small" accessibilityLabel={t("editor.preview")} />}
      {item && !item.ok && <Banner tone="critical">{t("editor.previewRefused", { error: item.error })}</Banner>}
      {item && item.ok && (
        <BlockStack gap="200">
          {item.skippedBecause && <Banner tone="warning">{t(item.skippedBecause)}</Banner>}
          <div data-preview-subject>
            <Text as="p" fontWeight="semibold">
              {item.subject}
            </Text>
          </div>
          <Text as="p" tone="subdued" variant="bodySm">
            {item.preheader}
          </Text>
          <InboxPreview sender={item.sender} subject={item.subject} preheader={item.preheader} />
          <iframe
            title={t("editor.previewFrame")}
            sandbox=""
            srcDoc={item.html}
            style={{ width: "100%", height: 560, border: "1px solid var(--p-color-border)", borderRadius: 8, background: "#fff" }}
          />
        </BlockStack>
      )}
    </BlockStack>
  );
}
