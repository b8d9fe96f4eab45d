import { BlockStack, InlineGrid, Text } from "@shopify/polaris";
import { inboxLine, INBOX_VIEWS, type InboxView } from "~/domain/inbox-preview";
import { useT } from "./i18n";

const CLIENT = { "gmail-desktop": "inbox.gmail", "gmail-phone": "inbox.gmail", "apple-desktop": "inbox.apple", "apple-phone": "inbox.apple" } as const;
const DEVICE = { "gmail-desktop": "inbox.desktop", "gmail-phone": "inbox.phone", "apple-desktop": "inbox.desktop", "apple-phone": "inbox.phone" } as const;

function Row({ view, email }: { view: InboxView; email: { sender: string; subject: string; preheader: string } }) {
  const t = useT();
  const line = inboxLine(view, email);
  const oneLine = view === "gmail-desktop";
  return (
    <div data-inbox={view} style={{ border: "1px solid var(--p-color-border)", borderRadius: 8, padding: "8px 10px", background: "var(--p-color-bg-surface)" }}>
      <Text as="p" variant="bodySm" tone="subdued">
        {t(CLIENT[view])} · {t(DEVICE[view])}
      </Text>
      <Text as="p" fontWeight="semibold" truncate>
        {line.sender}
      </Text>
      {oneLine ? (
        <Text as="p" variant="bodySm">
          <span data-inbox-subject style={{ fontWeight: 600 }}>{line.subject}</span>
          {line.preheader && <span data-inbox-preheader style={{ color: "var(--p-color-text-secondary)" }}> - {line.preheader}</span>}
        </Text>
      ) : (
        <BlockStack>
          <Text as="p" variant="bodySm" fontWeight="semibold">
            <span data-inbox-subject>{line.subject}</span>
          </Text>
          <Text as="p" variant="bodySm" tone="subdued">
            <span data-inbox-preheader>{line.preheader}</span>
          </Text>
        </BlockStack>
      )}
    </div>
  );
}

/** Sender, subject and preheader as four inboxes show them, cut where each cuts. */
export function InboxPreview({ sender, subject, preheader }: { sender: string; subject: string; preheader: string }) {
  const t = useT();
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {t("inbox.title")}
      </Text>
      <Text as="p" variant="bodySm" tone="subdued">
        {t("inbox.help")}
      </Text>
      <InlineGrid columns={1} gap="200">
        {INBOX_VIEWS.map((view) => (
          <Row key={view} view={view} email={{ sender, subject, preheader }} />
        ))}
      </InlineGrid>
    </BlockStack>
  );
}
