import { NavLink } from "@remix-run/react";
import { Banner, Box, InlineStack, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { useT } from "./i18n";

const linkStyle = ({ isActive }: { isActive: boolean }) => ({
  padding: "6px 12px",
  borderRadius: 8,
  textDecoration: "none",
  color: "inherit",
  fontWeight: isActive ? 650 : 450,
  background: isActive ? "var(--p-color-bg-surface-selected)" : "transparent",
});

/** Outside Shopify's admin there is no App Bridge nav: the same three places as an in-page bar. */
export function DemoFrame({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <div style={{ minHeight: "100vh", background: "var(--p-color-bg)" }}>
      <Box background="bg-surface" borderBlockEndWidth="025" borderColor="border" paddingInline="400" paddingBlock="200">
        <InlineStack gap="400" blockAlign="center">
          <Text as="span" variant="headingMd">
            {t("app.title")}
          </Text>
          <nav aria-label={t("app.title")}>
            <InlineStack gap="100">
              <NavLink to="/app" end style={linkStyle}>
                {t("nav.scenarios")}
              </NavLink>
              <NavLink to="/app/activity" style={linkStyle}>
                {t("nav.activity")}
              </NavLink>
              <NavLink to="/app/settings" style={linkStyle}>
                {t("nav.settings")}
              </NavLink>
            </InlineStack>
          </nav>
        </InlineStack>
      </Box>
      {/* Aligned with the cards of Polaris' Page: same maximum width and side padding. */}
      <div style={{ maxWidth: "62.375rem", margin: "0 auto", padding: "12px 1.5rem 0", boxSizing: "border-box" }}>
        <Banner tone="info">{t("demo.banner")}</Banner>
      </div>
      {children}
    </div>
  );
}
