import { SaveBar as AppBridgeSaveBar } from "@shopify/app-bridge-react";
import { Button, InlineStack, Text } from "@shopify/polaris";
import { useIsDemo } from "./admin-mode";
import { useT } from "./i18n";

type Props = { id: string; open: boolean; saving: boolean; onSave: () => void; onDiscard: () => void };

// App Bridge's bar lives in Shopify's admin frame; its buttons take attributes React's types lack.
const primary = { variant: "primary" } as Record<string, string>;

/** Shown while a form is dirty: App Bridge's save bar when embedded, the same two actions as a sticky bar in demo mode. */
export function SaveBar({ id, open, saving, onSave, onDiscard }: Props) {
  const t = useT();
  const demo = useIsDemo();
  if (!demo) {
    return (
      <AppBridgeSaveBar id={id} open={open}>
        <button {...primary} {...(saving ? { loading: "" } : {})} onClick={onSave}>
          {t("common.save")}
        </button>
        <button onClick={onDiscard}>{t("common.discard")}</button>
      </AppBridgeSaveBar>
    );
  }
  if (!open) return null;
  return (
    <div
      role="region"
      aria-label={t("common.unsaved")}
      style={{ position: "sticky", top: 0, zIndex: 500, background: "var(--p-color-bg-inverse)", color: "var(--p-color-text-inverse)", padding: "10px 16px" }}
    >
      <InlineStack align="space-between" blockAlign="center">
        <Text as="span" fontWeight="semibold">
          {t("common.unsaved")}
        </Text>
        <InlineStack gap="200">
          <Button onClick={onDiscard}>{t("common.discard")}</Button>
          <Button variant="primary" loading={saving} onClick={onSave}>
            {t("common.save")}
          </Button>
        </InlineStack>
      </InlineStack>
    </div>
  );
}
