import { createContext, useContext, type ReactNode } from "react";
import { translator, type AdminLang, type Translate } from "~/i18n";

const LangContext = createContext<AdminLang>("en");

export function I18nProvider({ lang, children }: { lang: AdminLang; children: ReactNode }) {
  return <LangContext.Provider value={lang}>{children}</LangContext.Provider>;
}

export function useLang(): AdminLang {
  return useContext(LangContext);
}

export function useT(): Translate {
  return translator(useContext(LangContext));
}
