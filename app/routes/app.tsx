import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { AppProvider as PolarisProvider } from "@shopify/polaris";
import enPolaris from "@shopify/polaris/locales/en.json";
import koPolaris from "@shopify/polaris/locales/ko.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { AppProvider as EmbeddedProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { loadAdminShop } from "~/.server/admin/auth";
import { AdminModeProvider } from "~/components/admin-mode";
import { DemoFrame } from "~/components/demo-frame";
import { I18nProvider } from "~/components/i18n";
import { PolarisLink } from "~/components/polaris-link";
import { env } from "~/env.server";
import { translator } from "~/i18n";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const admin = await loadAdminShop(request);
  const path = new URL(request.url).pathname;
  if (!admin.demo && !admin.row.onboardedAt && path !== "/app/onboarding") throw admin.redirect("/app/onboarding");
  return { demo: admin.demo, apiKey: env().apiKey, lang: admin.lang };
};

export default function AdminLayout() {
  const { demo, apiKey, lang } = useLoaderData<typeof loader>();
  const t = translator(lang);
  const i18n = lang === "ko" ? koPolaris : enPolaris;
  if (demo) {
    return (
      <PolarisProvider i18n={i18n} linkComponent={PolarisLink}>
        <AdminModeProvider demo>
          <I18nProvider lang={lang}>
            <DemoFrame>
              <Outlet />
            </DemoFrame>
          </I18nProvider>
        </AdminModeProvider>
      </PolarisProvider>
    );
  }
  return (
    <EmbeddedProvider isEmbeddedApp apiKey={apiKey} i18n={i18n}>
      <I18nProvider lang={lang}>
        <NavMenu>
          <Link to="/app" rel="home">
            {t("nav.scenarios")}
          </Link>
          <Link to="/app/activity">{t("nav.activity")}</Link>
          <Link to="/app/settings">{t("nav.settings")}</Link>
        </NavMenu>
        <Outlet />
      </I18nProvider>
    </EmbeddedProvider>
  );
}

// Shopify's boundary keeps the headers its auth flow needs (e.g. the re-auth redirect for App Bridge).
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
