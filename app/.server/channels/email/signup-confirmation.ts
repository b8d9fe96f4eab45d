// The email that asks a shopper to confirm a modal signup (double opt-in). It is transactional: it
// answers the shopper's own request, carries no offer and no "(광고)", and goes out at once, outside
// the frequency budget and the quiet hours. It says what confirming does and that ignoring it is safe.
import { buttonHtml, escapeHtml, renderTransactional, type ShopIdentity } from "./layout";
import type { Lang } from "./variables";

export type SignupConfirmationInput = {
  lang: Lang;
  shop: ShopIdentity;
  email: string;
  confirmUrl: string;
  /** Hours the link works. */
  validHours: number;
};

const TEXT = {
  en: {
    subject: (shop: string) => `Confirm your subscription to ${shop}`,
    preheader: (shop: string) => `One click and you'll get emails from ${shop}.`,
    asked: (shop: string, email: string) => `Someone, hopefully you, asked to receive emails from ${shop} at ${email}.`,
    button: "Confirm my subscription",
    valid: (hours: number) => `The link works for ${hours} hours.`,
    ignore: "If you did not ask for this, ignore this email: you will not be subscribed and we will not write again.",
    footer: (shop: string) => `This email was sent because the address was entered in a signup form on ${shop}'s store.`,
  },
  ko: {
    subject: (shop: string) => `${shop} 이메일 구독을 확인해 주세요`,
    preheader: (shop: string) => `버튼을 누르시면 ${shop}의 소식을 이메일로 받아보실 수 있어요.`,
    asked: (shop: string, email: string) => `${email} 주소로 ${shop}의 이메일 소식을 받겠다는 신청이 들어왔어요.`,
    button: "구독 확인하기",
    valid: (hours: number) => `이 링크는 ${hours}시간 동안 유효해요.`,
    ignore: "직접 신청하지 않으셨다면 이 메일은 무시하셔도 돼요. 구독되지 않으며 다시 연락드리지 않아요.",
    footer: (shop: string) => `${shop} 쇼핑몰의 구독 신청란에 이 주소가 입력되어 보내 드리는 안내 메일이에요.`,
  },
} as const;

export type RenderedConfirmation = { ok: true; subject: string; html: string; text: string } | { ok: false; error: string };

export async function renderSignupConfirmation(p: SignupConfirmationInput): Promise<RenderedConfirmation> {
  const t = TEXT[p.lang];
  const shop = p.shop.name;
  const subject = t.subject(shop);
  const body = [`<p>${escapeHtml(t.asked(shop, p.email))}</p>`, buttonHtml(p.confirmUrl, t.button, p.shop.brand), `<p>${escapeHtml(t.valid(p.validHours))}</p>`, `<p>${escapeHtml(t.ignore)}</p>`].join("\n");
  const rendered = await renderTransactional({ lang: p.lang, shop: p.shop, subject, preheader: t.preheader(shop), bodyHtml: body, footerText: t.footer(shop) });
  if (!rendered.ok) return rendered;
  const text = [t.asked(shop, p.email), "", `${t.button}: ${p.confirmUrl}`, "", t.valid(p.validHours), t.ignore, "", "--", t.footer(shop), rendered.who].join("\n");
  return { ok: true, subject, html: rendered.html, text };
}
