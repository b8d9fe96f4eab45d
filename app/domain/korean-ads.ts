// Korea's Information and Communications Network Act, art. 50: advertising mail says "(광고)" first in
// its subject and names its sender, a contact and a free opt-out. The rules follow the reader's
// language as well as the shop's country (ADR 018): a Korean-language ad is read as one in Korea.

export const AD_PREFIX = "(광고)";

/** The Liquid older default subjects opened with; the renderer adds the prefix itself now. */
const AD_MARK_SOURCE = /^\s*\{%-?\s*if\s+shop\.korean_ad_rules\s*-?%\}\s*\(광고\)\s*\{%-?\s*endif\s*-?%\}\s*/;
const LEADING_PREFIX = /^\s*(?:\(광고\)\s*)+/;

export type AdRulesInput = {
  /** The merchant's own "follow Korean advertising rules" setting. */
  merchantSetting: boolean;
  countryCode: string | null;
  /** The message's language; null when the decision is for the shop as a whole. */
  locale: string | null;
};

export function isKoreanLocale(locale: string | null | undefined): boolean {
  return Boolean(locale && locale.toLowerCase().startsWith("ko"));
}

export function koreanAdRules(p: AdRulesInput): boolean {
  return p.merchantSetting || p.countryCode?.toUpperCase() === "KR" || isKoreanLocale(p.locale);
}

/** A subject as the merchant edits it: without the old Liquid condition or a typed "(광고)" in front. */
export function stripAdMark(subject: string): string {
  return subject.replace(AD_MARK_SOURCE, "").replace(LEADING_PREFIX, "");
}

/** The rendered subject as sent: "(광고) " exactly once in front when the rules apply, untouched otherwise. */
export function withAdPrefix(subject: string, rulesApply: boolean): string {
  if (!rulesApply) return subject;
  const bare = subject.replace(LEADING_PREFIX, "").trim();
  return bare ? `${AD_PREFIX} ${bare}` : AD_PREFIX;
}
