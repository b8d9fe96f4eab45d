// Numbers as the merchant reads them, in the admin's language.
import type { AdminLang } from "~/i18n";

const tag = (lang: AdminLang) => (lang === "ko" ? "ko-KR" : "en-US");

export function formatRate(rate: number | null, lang: AdminLang): string | null {
  if (rate === null) return null;
  return new Intl.NumberFormat(tag(lang), { style: "percent", maximumFractionDigits: 1 }).format(rate);
}

/** A difference of two rates, in percentage points. */
export function formatLift(lift: number | null, lang: AdminLang): string | null {
  if (lift === null) return null;
  const points = (lift * 100).toFixed(1);
  const signed = lift > 0 ? `+${points}` : points;
  return lang === "ko" ? `${signed}%p` : `${signed} pts`;
}

export function formatMoneyCents(cents: number, currency: string | null, lang: AdminLang): string {
  if (!currency) return new Intl.NumberFormat(tag(lang), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100);
  return new Intl.NumberFormat(tag(lang), { style: "currency", currency }).format(cents / 100);
}

export function formatDateTime(iso: string | Date, lang: AdminLang, timeZone: string): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(tag(lang), { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}

export function formatDay(iso: string | Date, lang: AdminLang, timeZone: string): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(tag(lang), { dateStyle: "medium", timeZone }).format(date);
}
