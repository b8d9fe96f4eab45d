// What a person is told when their consent changes (Information and Communications Network Act,
// art. 50(7)): who sent the mail, when the change was made, and what it was, in their language and
// with the date in the shop's time zone.
import { languageOf, type Lang } from "~/.server/channels/email/variables";

export type ConsentChange = "unsubscribed" | "subscribed";

/** Label and value, in the order the page shows them. */
export type ConsentReceipt = { lang: Lang; rows: [string, string][] };

const WORDS = {
  en: {
    sender: "Sender",
    date: "Date",
    result: "Result",
    unsubscribed: "You have been unsubscribed",
    subscribed: "You have been subscribed",
  },
  ko: {
    sender: "보낸 곳",
    date: "처리 일시",
    result: "처리 결과",
    unsubscribed: "수신거부 처리되었어요",
    subscribed: "수신동의 처리되었어요",
  },
} as const;

/** "2026년 3월 14일 15:02 (GMT+9)" / "March 14, 2026 at 3:02 PM (GMT+9)". */
export function formatConsentDate(at: Date, lang: Lang, timeZone: string): string {
  const tag = lang === "ko" ? "ko-KR" : "en-US";
  const opts: Intl.DateTimeFormatOptions = { year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZone, ...(lang === "ko" ? { hourCycle: "h23" as const } : {}) };
  let date: string;
  let zone: string | undefined;
  try {
    date = new Intl.DateTimeFormat(tag, opts).format(at);
    zone = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "shortOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value;
  } catch {
    date = new Intl.DateTimeFormat(tag, { ...opts, timeZone: "UTC" }).format(at);
    zone = "UTC";
  }
  return zone ? `${date} (${zone})` : date;
}

export function consentReceipt(p: { locale: string | null; sender: string; at: Date; timeZone: string; change: ConsentChange }): ConsentReceipt {
  const lang = languageOf(p.locale);
  const w = WORDS[lang];
  return {
    lang,
    rows: [
      [w.sender, p.sender],
      [w.date, formatConsentDate(p.at, lang, p.timeZone)],
      [w.result, w[p.change]],
    ],
  };
}
