// The frame around every email: shop header, hidden preheader, body, and a footer that says why the
// reader gets it, how to stop, and who sent it (with the Korean advertising disclosures when required).
import mjml2html from "mjml";
import { EMAIL_PALETTE, FONT_STACKS, type Brand } from "~/domain/brand";
import { buttonStyle } from "./brand-buttons";
import { escapeHtml } from "./escape";
import type { EmailScenarioKey, Lang } from "./variables";

export { escapeHtml } from "./escape";

export type ShopIdentity = {
  name: string;
  senderName: string;
  senderEmail: string;
  postalAddress: string;
  contact: string | null;
  koreanAdRules: boolean;
  url: string;
  /** Logo, accent, buttons and font (~/domain/brand); DEFAULT_BRAND for a shop that never set them. */
  brand: Brand;
};

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
    welcome: (shop) => `${shop} 이메일 수신에 동의해 주셔서 보내 드리는 메일이에요.`,
    "cart-recovery": (shop) => `${shop}에서 결제를 하다 멈추셨고 이메일 수신에 동의해 주셔서 보내 드리는 메일이에요.`,
    "coupon-expiry": (shop) => `${shop} 쿠폰을 받으셨고 이메일 수신에 동의해 주셔서 보내 드리는 메일이에요.`,
    "post-delivery": (shop) => `${shop}에서 주문하셨고 이메일 수신에 동의해 주셔서 보내 드리는 메일이에요.`,
    "second-order": (shop) => `${shop}에서 첫 주문을 하셨고 이메일 수신에 동의해 주셔서 보내 드리는 메일이에요.`,
    "win-back": (shop) => `${shop}에서 주문하셨고 이메일 수신에 동의해 주셔서 보내 드리는 메일이에요.`,
    "browse-abandonment": (shop) => `${shop}에서 이 상품을 보셨고 이메일 수신에 동의해 주셔서 보내 드리는 메일이에요.`,
    "cart-abandonment": (shop) => `${shop}에서 이 상품을 장바구니에 담으셨고 이메일 수신에 동의해 주셔서 보내 드리는 메일이에요.`,
  },
};

/**
 * The contact the Korean rules ask for: a phone number or an address the reader can write to. The
 * sending address is often a no-reply, so it never stands in; without a contact the postal address does.
 */
function readerContact(shop: ShopIdentity): string | null {
  const contact = shop.contact?.trim();
  if (!contact || contact.toLowerCase() === shop.senderEmail.trim().toLowerCase()) return null;
  return contact;
}

/** The footer as HTML paragraphs; every shop-entered value is escaped. */
export function footerHtml(p: { scenario: EmailScenarioKey; lang: Lang; shop: ShopIdentity; unsubscribeUrl: string }): string {
  const shop = escapeHtml(p.shop.name);
  const sender = escapeHtml(p.shop.senderName);
  const address = escapeHtml(p.shop.postalAddress);
  const contact = readerContact(p.shop);
  const link = (label: string) => `<a href="${escapeHtml(p.unsubscribeUrl)}">${label}</a>`;
  const lines = [REASON[p.lang][p.scenario](shop)];
  // Information and Communications Network Act, art. 50: sender, contact and a free opt-out, in Korean.
  const reach = contact ? `연락처: ${escapeHtml(contact)}` : `주소: ${address}`;
  const korean = [`발신자: ${sender} · ${reach}`, `더 이상 받고 싶지 않으시면 ${link("수신거부")}를 눌러 주세요. 수신거부는 무료예요.`];
  if (p.lang === "ko") {
    if (p.shop.koreanAdRules) lines.push(...korean, ...(contact ? [`주소: ${address}`] : []));
    else lines.push(`더 이상 받고 싶지 않으시면 ${link("수신거부")}를 눌러 주세요.`, `보내는 곳: ${sender} · ${address}`);
  } else {
    lines.push(`Don't want these emails? ${link("Unsubscribe")} at any time.`, `Sent by ${sender} · ${address}`);
    if (p.shop.koreanAdRules) lines.push(...korean);
  }
  return lines.map((line) => `<p>${line}</p>`).join("\n");
}

/** The logo's largest width in the header, in CSS pixels. */
export const LOGO_WIDTH = 200;

/** The header: the logo linking to the storefront, or the shop's name in text when there is none. */
function headerSource(shop: ShopIdentity): string {
  const url = escapeHtml(shop.url);
  const name = escapeHtml(shop.name);
  if (shop.brand.logoUrl) {
    return `<mj-image src="${escapeHtml(shop.brand.logoUrl)}" alt="${name}" title="${name}" href="${url}" width="${LOGO_WIDTH}px" align="center" padding="0" />`;
  }
  return `<mj-text align="center" font-size="20px" font-weight="700"><a href="${url}" style="color:${EMAIL_PALETTE.text};text-decoration:none">${name}</a></mj-text>`;
}

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
  const { brand } = shop;
  return `<mjml lang="${lang}">
  <mj-head>
    <mj-title>${pieces.subject}</mj-title>
    <mj-preview>${pieces.preheader}</mj-preview>
    <mj-attributes>
      <mj-all font-family="${FONT_STACKS[brand.font]}" />
      <mj-text font-size="16px" line-height="1.6" color="${EMAIL_PALETTE.text}" />
    </mj-attributes>
    <mj-style>a { color: ${brand.accent}; } ul { padding-left: 20px; }</mj-style>
  </mj-head>
  <mj-body background-color="${EMAIL_PALETTE.page}" width="600px">
    <mj-section padding="24px 0 8px">
      <mj-column>
        ${headerSource(shop)}
      </mj-column>
    </mj-section>
    <mj-section background-color="${EMAIL_PALETTE.card}" padding="16px 8px" border-radius="8px">
      <mj-column>
        <mj-text>${pieces.body}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="16px 8px">
      <mj-column>
        <mj-text font-size="12px" line-height="1.5" color="${EMAIL_PALETTE.footerText}">${pieces.footer}</mj-text>
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

/** A button as transactional emails draw it: a link that works in every client, in the brand's style inline. */
export function buttonHtml(url: string, label: string, brand: Brand): string {
  return `<p><a style="${escapeHtml(buttonStyle(brand))}" class="button" href="${escapeHtml(url)}">${escapeHtml(label)}</a></p>`;
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
