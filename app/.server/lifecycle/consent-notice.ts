// The two-yearly consent notice job (~/domain/consent-notice): plans one notice per subscriber whose
// consent turned two (four, six…) years old in the last month, for shops under Korean rules and for
// readers of Korean anywhere. Runs hourly beside the win-back job; the dispatcher sends the notices.
import type { Db } from "~/db.server";
import { CONSENT_NOTICE, consentWindows, noticeAbout, noticeDue, noticeKey } from "~/domain/consent-notice";
import { insertPlanned } from "~/.server/queue/enqueue";
import { koreanAdRulesApply } from "~/.server/shops";

export async function runConsentNotices(db: Db, now: Date): Promise<{ planned: number }> {
  const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true, koreanAdRules: true, countryCode: true } });
  const inWindow = { OR: consentWindows(now).map((w) => ({ consentUpdatedAt: { gt: w.from, lte: w.to } })) };
  const readsKorean = { OR: [{ locale: { startsWith: "ko" } }, { locale: { startsWith: "KO" } }] };
  let planned = 0;
  for (const shop of shops) {
    const due = await db.customer.findMany({
      where: {
        shop: shop.domain,
        emailConsent: "subscribed",
        email: { not: null },
        // A shop outside the Korean rules owes the notice to its Korean readers only.
        AND: koreanAdRulesApply(shop) ? [inWindow] : [inWindow, readsKorean],
      },
      select: { shopifyId: true, email: true, consentUpdatedAt: true },
    });
    if (due.length === 0) continue;
    const notices = due.flatMap((c) => {
      const consentAt = c.consentUpdatedAt!;
      const when = noticeDue(consentAt, now);
      return when ? [{ c, consentAt, period: when.period }] : [];
    });
    const known = new Set((await db.message.findMany({ where: { key: { in: notices.map((n) => noticeKey(shop.domain, n.c.shopifyId, n.consentAt, n.period)) } }, select: { key: true } })).map((m) => m.key));
    const fresh = notices.filter((n) => !known.has(noticeKey(shop.domain, n.c.shopifyId, n.consentAt, n.period)));
    if (fresh.length === 0) continue;
    await db.$transaction(async (tx) => {
      for (const n of fresh) {
        const inserted = await insertPlanned(tx, shop.domain, {
          key: noticeKey(shop.domain, n.c.shopifyId, n.consentAt, n.period),
          scenario: CONSENT_NOTICE,
          step: n.period - 1,
          about: noticeAbout(n.c.shopifyId, n.consentAt),
          customerShopifyId: n.c.shopifyId,
          email: n.c.email,
          checkoutToken: null,
          orderShopifyId: null,
          couponCode: null,
          // The consent it reports: a notice finds at send time whether that consent still stands.
          triggeredAt: n.consentAt,
          runAt: now,
        });
        if (inserted) planned++;
      }
    });
  }
  return { planned };
}
