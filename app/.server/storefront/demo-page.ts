// The demo store's product page: a plain, light theme page with the embed block at the end of
// <body>, where Shopify puts app embeds with "target": "body", and the app's web pixel as Shopify's
// pixel manager would run it.
import { DEMO_SHOP } from "~/.server/shops";
import type db from "~/db.server";
import { extension } from "./extension";
import { blockSettings, renderBlock, type ShopifyObjects } from "./render-block";
import type { WebPixelSettings } from "~/.server/shopify/web-pixel";
import { demoPixelScript, PIXEL_ASSET } from "./demo-pixel";

export const DEMO_PRODUCT = { handle: "harbour-blend", title: "Harbour Blend — Medium Roast, 340 g", url: "/products/harbour-blend" };
/** The demo story's Shopify ids for it (its orders use the same). */
export const DEMO_PRODUCT_IDS = { productId: "41", variantId: "410" };

export type DemoPageInput = {
  embed: boolean;
  lang: "en" | "ko";
  consent: boolean;
  customerId: string | null;
  /** Block settings and test overrides taken from the query string. */
  query: Record<string, string>;
  /** The web pixel's settings as the app gave them at activation; null: no pixel on this store. */
  pixel: WebPixelSettings | null;
};

type Customer = NonNullable<Awaited<ReturnType<typeof db.customer.findUnique>>>;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const COPY = {
  en: {
    shop: "Demo Coffee Roasters",
    price: "$18.00",
    add: "Add to cart",
    signedIn: (name: string) => `Signed in as ${name}`,
    guest: "Guest",
    lede: "Chocolate, toasted hazelnut and a clean orange finish. Roasted on Tuesdays and shipped the same week.",
    sections: [
      ["Tasting notes", "A round, forgiving cup that tastes of milk chocolate and hazelnut, with a bright citrus finish that keeps it lively. It is the coffee we drink at the roastery every morning, and it holds up beautifully with milk."],
      ["Origin", "A blend of washed Colombian Huila and natural Brazilian Cerrado. The Colombian lot brings sweetness and acidity; the Brazilian one brings body and the nutty base. Both come from farms we have bought from for several harvests."],
      ["Brewing", "For filter, start with 60 g per litre at 94 °C and a medium grind. For espresso, 18 g in, 38 g out in about 28 seconds. In a moka pot, fill the basket loosely and take it off the heat as soon as it starts to sputter."],
      ["Freshness", "We roast to order twice a week and ship within two days of roasting. Rest the beans for four or five days before brewing espresso; filter is good from day two. Keep the bag closed, away from light and heat."],
      ["Shipping and returns", "Free shipping on orders over $40. If a bag is not to your taste, tell us within 30 days and we will send a different coffee or refund you, no need to send anything back."],
    ],
  },
  ko: {
    shop: "하루커피",
    price: "₩18,000",
    add: "장바구니에 담기",
    signedIn: (name: string) => `${name}님으로 로그인됨`,
    guest: "비회원",
    lede: "초콜릿, 구운 헤이즐넛, 깔끔한 오렌지 여운. 매주 화요일에 볶아 그 주에 보내 드려요.",
    sections: [
      ["맛", "밀크초콜릿과 헤이즐넛의 둥근 맛에 산뜻한 시트러스 여운이 있어요. 로스터리에서 매일 아침 마시는 커피이고, 우유와도 잘 어울려요."],
      ["원산지", "콜롬비아 우일라 워시드와 브라질 세하도 내추럴의 블렌드예요. 콜롬비아가 단맛과 산미를, 브라질이 바디와 고소함을 더해요."],
      ["추출", "필터는 1리터에 60 g, 94 °C, 중간 분쇄로 시작해 보세요. 에스프레소는 18 g을 넣어 약 28초에 38 g을 추출해요."],
      ["신선도", "일주일에 두 번 주문에 맞춰 볶고 로스팅 후 이틀 안에 발송해요. 에스프레소는 4~5일 숙성 후 드시길 권해요."],
      ["배송과 반품", "4만 원 이상 무료 배송. 입맛에 맞지 않으면 30일 안에 알려 주세요. 다른 커피로 보내 드리거나 환불해 드려요."],
    ],
  },
};

function displayName(customer: Customer | null, id: string): string {
  const name = [customer?.firstName, customer?.lastName].filter(Boolean).join(" ");
  return name || customer?.email || `#${id}`;
}

/** The customer privacy stub stands in for Shopify's Customer Privacy API, set by `?consent=`. */
function privacyStub(consent: boolean): string {
  const allowed = consent ? "true" : "false";
  return `window.Shopify={customerPrivacy:{analyticsProcessingAllowed:function(){return ${allowed}},marketingAllowed:function(){return ${allowed}},preferencesProcessingAllowed:function(){return ${allowed}},saleOfDataAllowed:function(){return ${allowed}}}};`;
}

export function renderDemoPage(input: DemoPageInput, customer: Customer | null): string {
  const t = COPY[input.lang];
  const ext = extension();
  const product = { ...DEMO_PRODUCT, title: input.query.product_title ?? DEMO_PRODUCT.title };
  const objects: ShopifyObjects = {
    shop: { name: t.shop, permanent_domain: DEMO_SHOP },
    product,
    customer: input.customerId
      ? {
          id: /^\d+$/.test(input.customerId) ? Number(input.customerId) : input.customerId,
          email: customer?.email ?? null,
          first_name: customer?.firstName ?? null,
          name: displayName(customer, input.customerId),
        }
      : null,
    request: { locale: { iso_code: input.lang } },
  };
  const block = input.embed ? renderBlock(ext, objects, blockSettings(ext.schema.settings, input.query)) : "";
  const who = objects.customer ? t.signedIn(objects.customer.name) : t.guest;
  // Shopify loads the pixel only for a visitor who allowed what its [customer_privacy] declares.
  const pixel =
    input.pixel && input.consent
      ? demoPixelScript({
          src: `/demo/storefront/assets/${PIXEL_ASSET}`,
          settings: input.pixel,
          shop: { myshopifyDomain: DEMO_SHOP, name: t.shop },
          customer: input.customerId ? { id: input.customerId, email: customer?.email ?? null, firstName: customer?.firstName ?? null, lastName: customer?.lastName ?? null } : null,
          product: { id: DEMO_PRODUCT_IDS.productId, title: product.title, url: product.url, variantId: DEMO_PRODUCT_IDS.variantId, variantTitle: "340 g", price: 18, currencyCode: input.lang === "ko" ? "KRW" : "USD" },
        })
      : "";
  const sections = t.sections.map(([h, p]) => `<h2>${esc(h)}</h2><p>${esc(p)}</p>`).join("\n");
  return `<!doctype html>
<html lang="${input.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(product.title)} – ${esc(t.shop)}</title>
<meta name="description" content="${esc(t.lede)}">
<script>${privacyStub(input.consent)}</script>
<style>
*{box-sizing:border-box}body{margin:0;font:17px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Apple SD Gothic Neo","Noto Sans KR",sans-serif;color:#2b1d14;background:#faf7f2}
header{display:flex;justify-content:space-between;align-items:center;padding:14px 24px;background:#2b1d14;color:#faf7f2}
header a{color:inherit;font-weight:700;text-decoration:none;font-size:1.15rem}header span{font-size:.9rem;opacity:.85}
main{max-width:1040px;margin:0 auto;padding:32px 24px 64px;display:grid;grid-template-columns:1fr 1fr;gap:40px;align-items:start}
.art{aspect-ratio:1;border-radius:16px;background:#e9dfd2;display:flex;align-items:center;justify-content:center}
.art svg{width:62%;height:auto}
h1{font-size:2rem;line-height:1.2;margin:0 0 8px}.price{font-size:1.4rem;margin:0 0 16px}
.add{width:100%;padding:14px;border:0;border-radius:999px;background:#8a4b2a;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.add:focus-visible{outline:3px solid #2b1d14;outline-offset:3px}
h2{font-size:1.15rem;margin:28px 0 6px}
@media (max-width:720px){main{grid-template-columns:1fr;gap:20px;padding:20px 16px 48px}h1{font-size:1.6rem}}
</style>
</head>
<body>
<header><a href="/demo/storefront">${esc(t.shop)}</a><span>${esc(who)}</span></header>
<main>
<div class="art" role="img" aria-label="${esc(product.title)}"><svg viewBox="0 0 100 120" aria-hidden="true"><path d="M20 18h60l6 96H14z" fill="#6b3e26"/><path d="M20 18l8-10h44l8 10z" fill="#4a2a19"/><rect x="28" y="48" width="44" height="34" rx="4" fill="#faf7f2"/><ellipse cx="50" cy="65" rx="8" ry="11" fill="#6b3e26"/><path d="M50 55c-3 6 3 14 0 20" stroke="#faf7f2" stroke-width="2" fill="none"/></svg></div>
<div>
<h1>${esc(product.title)}</h1>
<p class="price">${esc(t.price)}</p>
<p>${esc(t.lede)}</p>
<form action="/demo/storefront" method="get" onsubmit="return false"><button class="add" type="submit">${esc(t.add)}</button></form>
${sections}
${sections}
</div>
</main>
${pixel}
${block}
</body>
</html>
`;
}
