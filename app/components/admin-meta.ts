// Every admin page's document title, "<page> · Timing CRM", in the admin's language: screen readers
// announce it, browser tabs and history show it. The language comes from the admin layout's loader.
import type { MetaFunction } from "@remix-run/node";
import { translator, type AdminLang, type Translate } from "~/i18n";

type Titled = (t: Translate, args: Parameters<MetaFunction>[0]) => string;

export function adminMeta(title: Titled): MetaFunction {
  return (args) => {
    const layout = args.matches.find((m) => m.id === "routes/app")?.data as { lang?: AdminLang } | undefined;
    const t = translator(layout?.lang === "ko" ? "ko" : "en");
    return [{ title: `${title(t, args)} · ${t("app.title")}` }];
  };
}
