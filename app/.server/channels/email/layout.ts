// The frame around every email: shop header, hidden preheader, body, and a footer that says why the
// reader gets it, how to stop, and who sent it (with the Korean advertising disclosures when required).
import mjml2html from "mjml";
import type { EmailScenarioKey, Lang } from "./variables";

export type ShopIdentity = {
  name: string;
  senderName: string;
  senderEmail: string;
  postalAddress: string;
  contact: string | null;
  koreanAdRules: boolean;
  url: string;
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const REASON: { [L in Lang]: { [K in EmailScenarioKey]: (shop: string) => string } } = {
  en: {
    welcome: (shop) => `You are receiving this because you signed up for emails from ${shop}.`,
    "cart-recovery": (shop) => `You are receiving this because you started a checkout at ${shop} and agreed to hear from us.`,
    "coupon-expiry": (shop) => `You are receiving this because you hold a discount code from ${shop} and subscribed to its emails.`,
    "post-delivery": (shop) => `You are receiving this because you ordered from ${shop} and subscribed to its emails.`,
    "second-order": (shop) => `You are receiving this because you placed your first order with ${shop} and subscribed to its emails.`,
    "win-back": (shop) => `You are receiving this because you ordered from ${shop} and subscribed to its emails.`,
    "browse-abandonment": (shop) => `You are receiving this because you viewed this product at ${shop} while signed in or arriving from its email, and subscribed to its emails.`,
    "cart-abandonment": (shop) => `You are receiving this because you added this product to your cart at ${shop} and subscribed to its emails.`,
  },
  ko: {
    welcome: (shop) => `${shop}의 이메일 수신에 동의해 주셔서 보내 드리는 메일입니다.`,
    "cart-recovery": (shop) => `${shop}에서 주문을 시작하시고 이메일 수신에 동의해 주셔서 보내 드리는 메일입니다.`,
    "coupon-expiry": (shop) => `${shop}의 할인 코드를 받으시고 이메일 수신에 동의해 주셔서 보내 드리는 메일입니다.`,
    "post-delivery": (shop) => `${shop}에서 주문하시고 이메일 수신에 동의해 주셔서 보내 드리는 메일입니다.`,
    "second-order": (shop) => `${shop}에서 첫 주문을 하시고 이메일 수신에 동의해 주셔서 보내 드리는 메일입니다.`,
    "win-back": (shop) => `${shop}에서 주문하시고 이메일 수신에 동의해 주셔서 보내 드리는 메일입니다.`,
    "browse-abandonment": (shop) => `${shop}에서 이 상품을 보시고 이메일 수신에 동의해 주셔서 보내 드리는 메일입니다.`,
    "cart-abandonment": (shop) => `${shop}에서 이 상품을 장바구니에 담으시고 이메일 수신에 동의해 주셔서 보내 드리는 메일입니다.`,
  },
};

/** The footer as HTML paragraphs; every shop-entered value is escaped. */
export function footerHtml(p: { scenario: EmailScenarioKey; lang: Lang; shop: ShopIdentity; unsubscribeUrl: string }): string {
  const shop = escapeHtml(p.shop.name);
  const sender = escapeHtml(p.shop.senderName);
  const address = escapeHtml(p.shop.postalAddress);
  const contact = escapeHtml(p.shop.contact ?? p.shop.senderEmail);
  const link = (label: string) => `<a href="${escapeHtml(p.unsubscribeUrl)}">${label}</a>`;
  const lines = [REASON[p.lang][p.scenario](shop)];
  // Information and Communications Network Act, art. 50: sender, contact and a free opt-out, in Korean.
  const korean = [`발신자: ${sender} · 연락처: ${contact}`, `수신을 원하지 않으시면 ${link("수신거부")}를 눌러 주세요. 수신거부는 무료입니다.`];
  if (p.lang === "ko") {
    if (p.shop.koreanAdRules) lines.push(...korean, `주소: ${address}`);
    else lines.push(`더 이상 받고 싶지 않으시면 ${link("수신거부")}를 눌러 주세요.`, `보내는 곳: ${sender} · ${address}`);
  } else {
    lines.push(`Don't want these emails? ${link("Unsubscribe")} at any time.`, `Sent by ${sender} · ${address}`);
    if (p.shop.koreanAdRules) lines.push(...korean);
  }
  return lines.map((line) => `<p>${line}</p>`).join("\n");
}

const FONTS = `-apple-system, 'Segoe UI', Roboto, 'Apple SD Gothic Neo', 'Malgun Gothic', Helvetica, Arial, sans-serif`;

export type LayoutInput = {
  lang: Lang;
  subject: string;
  preheader: string;
  bodyHtml: string;
  footerHtml: string;
  shop: ShopIdentity;
};

export type LayoutResult = { ok: true; html: string } | { ok: false; error: string };

/** What the message puts into the frame, as it appears in the MJML source (subject and preheader escaped). */
export type LayoutPieces = { subject: string; preheader: string; body: string; footer: string };

export function layoutPieces(p: LayoutInput): LayoutPieces {
  return { subject: escapeHtml(p.subject), preheader: escapeHtml(p.preheader), body: p.bodyHtml, footer: p.footerHtml };
}

/** The MJML document: the shop's frame with the message's pieces in it. */
export function layoutSource(lang: Lang, shop: ShopIdentity, pieces: LayoutPieces): string {
  return `<mjml lang="${lang}">
  <mj-head>
    <mj-title>${pieces.subject}</mj-title>
    <mj-preview>${pieces.preheader}</mj-preview>
    <mj-attributes>
      <mj-all font-family="${FONTS}" />
      <mj-text font-size="16px" line-height="1.6" color="#1f2328" />
    </mj-attributes>
    <mj-style>a { color: #0b6bcb; } ul { padding-left: 20px; }</mj-style>
  </mj-head>
  <mj-body background-color="#f4f4f5" width="600px">
    <mj-section padding="24px 0 8px">
      <mj-column>
        <mj-text align="center" font-size="20px" font-weight="700"><a href="${escapeHtml(shop.url)}" style="color:#1f2328;text-decoration:none">${escapeHtml(shop.name)}</a></mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="16px 8px" border-radius="8px">
      <mj-column>
        <mj-text>${pieces.body}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="16px 8px">
      <mj-column>
        <mj-text font-size="12px" line-height="1.5" color="#6b7280">${pieces.footer}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

/** MJML → HTML, every time: the reference the frame cache (layout-frame.ts) must reproduce byte for byte. */
export async function renderMjml(source: string): Promise<LayoutResult> {
  try {
    const result = await mjml2html(source, { validationLevel: "soft" });
    if (!result.html) return { ok: false, error: "the email layout produced no HTML" };
    return { ok: true, html: result.html };
  } catch (e) {
    return { ok: false, error: `the email layout failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** A button as transactional emails draw it: a link that works in every client, with its colours inline. */
export function buttonHtml(url: string, label: string): string {
  return `<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:12px 20px;background:#111111;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:600">${escapeHtml(label)}</a></p>`;
}

export type TransactionalInput = { lang: Lang; shop: ShopIdentity; subject: string; preheader: string; bodyHtml: string; footerText: string };

/**
 * The frame of an email that answers the reader or the law rather than markets (a signup to confirm,
 * the consent notice): the shop's header, the body, and a footer that says why it came and who sent it.
 */
/** `who`: the sender's line of the footer, for the plain-text part. */
export async function renderTransactional(p: TransactionalInput): Promise<{ ok: true; html: string; who: string } | { ok: false; error: string }> {
  const contact = p.shop.contact ?? p.shop.senderEmail;
  const who = [p.shop.senderName, p.shop.postalAddress, contact].filter(Boolean).join(" · ");
  const footer = [`<p>${escapeHtml(p.footerText)}</p>`, who ? `<p>${escapeHtml(who)}</p>` : ""].join("\n");
  const rendered = await renderMjml(layoutSource(p.lang, p.shop, layoutPieces({ lang: p.lang, subject: p.subject, preheader: p.preheader, bodyHtml: p.bodyHtml, footerHtml: footer, shop: p.shop })));
  return rendered.ok ? { ...rendered, who } : rendered;
}
