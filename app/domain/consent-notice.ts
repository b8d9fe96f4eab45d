// Korea's ad-mail law (정보통신망법 §50(8), enforcement decree art. 62-3) requires telling each subscriber,
// every two years, that they consented: the date of consent and how to withdraw it, for free. The
// notice is not marketing: it goes outside the budget and the quiet hours, without "(광고)". Pure: time
// is passed in.

/** The message's scenario name: a legal notice, not one of the merchant's switchable scenarios. */
export const CONSENT_NOTICE = "consent-notice";
export const NOTICE_EVERY_YEARS = 2;
/** An anniversary older than this is not noticed any more (the job was down longer than a month). */
export const NOTICE_CATCH_UP_DAYS = 30;
/** Anniversaries looked for: consents up to twenty years old. */
const MAX_PERIODS = 10;

const DAY_MS = 86_400_000;

/** The same calendar moment `years` later (29 February becomes 1 March). */
export function addYears(d: Date, years: number): Date {
  const next = new Date(d.getTime());
  next.setUTCFullYear(d.getUTCFullYear() + years);
  return next;
}

/** Whether Korean rules speak to this reader: the shop follows them, or the reader reads Korean. */
export function noticeApplies(shopFollowsKoreanRules: boolean, readerLocale: string | null): boolean {
  return shopFollowsKoreanRules || (readerLocale ?? "").toLowerCase().startsWith("ko");
}

/**
 * The consent times whose latest two-year anniversary fell in the catch-up window before `now`: one
 * range per period, so the job reads only subscribers with a notice due, never every old subscriber.
 */
export function consentWindows(now: Date): { from: Date; to: Date; period: number }[] {
  const since = new Date(now.getTime() - NOTICE_CATCH_UP_DAYS * DAY_MS);
  return Array.from({ length: MAX_PERIODS }, (_, i) => {
    const years = (i + 1) * NOTICE_EVERY_YEARS;
    return { from: addYears(since, -years), to: addYears(now, -years), period: i + 1 };
  });
}

/** The latest anniversary of a consent given at `consentAt` that is due by `now`, or null before the first. */
export function noticeDue(consentAt: Date, now: Date): { period: number; dueAt: Date } | null {
  let period = 0;
  while (addYears(consentAt, (period + 1) * NOTICE_EVERY_YEARS).getTime() <= now.getTime()) period++;
  return period === 0 ? null : { period, dueAt: addYears(consentAt, period * NOTICE_EVERY_YEARS) };
}

/** One notice per consent and period: a renewed consent starts its own count. */
export function noticeAbout(customerShopifyId: string, consentAt: Date): string {
  return `customer:${customerShopifyId}:consented:${consentAt.toISOString()}`;
}

export function noticeKey(shop: string, customerShopifyId: string, consentAt: Date, period: number): string {
  return `${shop}:${CONSENT_NOTICE}:${noticeAbout(customerShopifyId, consentAt)}:${period}`;
}
