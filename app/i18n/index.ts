// The admin's two languages. A shop whose locale starts with "ko" reads Korean; every other shop English.
import { en, type MessageKey } from "./en";
import { ko } from "./ko";

export type { MessageKey } from "./en";
export type AdminLang = "en" | "ko";
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export const DICTIONARIES: Record<AdminLang, Record<MessageKey, string>> = { en, ko };

export function adminLang(locale: string | null | undefined): AdminLang {
  return locale?.toLowerCase().startsWith("ko") ? "ko" : "en";
}

/** `{name}` placeholders are replaced; a missing parameter stays visible rather than vanishing. */
export function interpolate(text: string, params: Params = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

export function translator(lang: AdminLang): Translate {
  const dict = DICTIONARIES[lang];
  return (key, params) => interpolate(dict[key] ?? en[key] ?? key, params);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
