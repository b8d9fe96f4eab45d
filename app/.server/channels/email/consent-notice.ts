// The two-yearly notice of consent owed under Korea's ad-mail law (§50(8)): it tells the subscriber
// that they agreed to receive the shop's advertising email, on which date, and how to withdraw — free,
// in one click. Not marketing: no offer, no "(광고)", outside the budget and the quiet hours.
import { buttonHtml, escapeHtml, renderTransactional, type ShopIdentity } from "./layout";
import type { Lang } from "./variables";

export type ConsentNoticeInput = {
  lang: Lang;
  shop: ShopIdentity;
  email: string;
  firstName: string | null;
  /** The consent date as the reader says it, in the shop's time zone. */
  consentedOn: string;
  unsubscribeUrl: string;
};

const TEXT = {
  en: {
    subject: (shop: string) => `Your email subscription to ${shop}: a reminder`,
    preheader: (date: string) => `You subscribed on ${date}. Nothing to do if you still want these emails.`,
    hello: (name: string | null) => `Hi ${name ?? "there"},`,
    fact: (shop: string, email: string) => `This is a reminder that you agreed to receive advertising emails from ${shop} at ${email}. We send it every two years.`,
    date: (date: string) => `Date of your consent: ${date}`,
    keep: "To keep receiving them, there is nothing to do.",
    stop: "To stop them, use the button below. Unsubscribing is free and takes one click.",
    button: "Unsubscribe",
    footer: (shop: string) => `This notice about your consent was sent by ${shop} as the law requires.`,
  },
  ko: {
    subject: (shop: string) => `[${shop}] 광고성 정보 수신동의 현황 안내`,
    preheader: (date: string) => `${date}에 동의하신 이메일 수신 현황을 알려 드려요.`,
    hello: (name: string | null) => `${name ?? "고객"}님, 안녕하세요.`,
    fact: (shop: string, email: string) => `${email} 주소로 ${shop}의 광고성 정보를 이메일로 받는 데 동의하셨음을 알려 드려요. 정보통신망법에 따라 2년마다 보내 드리는 안내예요.`,
    date: (date: string) => `수신동의 일자: ${date}`,
    keep: "계속 받으시려면 따로 하실 일은 없어요.",
    stop: "더 이상 받고 싶지 않으시면 아래 버튼을 눌러 주세요. 수신거부는 무료이며 한 번만 누르면 돼요.",
    button: "수신거부하기",
    footer: (shop: string) => `이 메일은 법에 따라 ${shop}에서 보내 드리는 수신동의 확인 안내예요.`,
  },
} as const;

export type RenderedNotice = { ok: true; subject: string; html: string; text: string } | { ok: false; error: string };

export async function renderConsentNotice(p: ConsentNoticeInput): Promise<RenderedNotice> {
  const t = TEXT[p.lang];
  const shop = p.shop.name;
  const subject = t.subject(shop);
  const lines = [t.hello(p.firstName), t.fact(shop, p.email), t.date(p.consentedOn), t.keep, t.stop];
  const body = [...lines.map((line, i) => (i === 2 ? `<p><strong>${escapeHtml(line)}</strong></p>` : `<p>${escapeHtml(line)}</p>`)), buttonHtml(p.unsubscribeUrl, t.button, p.shop.brand)].join("\n");
  const rendered = await renderTransactional({ lang: p.lang, shop: p.shop, subject, preheader: t.preheader(p.consentedOn), bodyHtml: body, footerText: t.footer(shop) });
  if (!rendered.ok) return rendered;
  const text = [...lines, "", `${t.button}: ${p.unsubscribeUrl}`, "", "--", t.footer(shop), rendered.who].join("\n");
  return { ok: true, subject, html: rendered.html, text };
}
