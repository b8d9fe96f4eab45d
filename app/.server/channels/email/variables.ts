// The Liquid variables each email scenario offers its templates. A template may use only these;
// an optional one can be empty at send time, so it must carry a `| default: "…"` fallback.
import type { ScenarioKey } from "~/domain/types";
import { inlinePicture, sampleItems, sampleOrderItems, sampleProduct, sampleRecommendations, type PictureUrl } from "./sample-products";

export type EmailScenarioKey = Exclude<ScenarioKey, "exit-intent">;

export const EMAIL_SCENARIOS: readonly EmailScenarioKey[] = ["welcome", "cart-recovery", "coupon-expiry", "post-delivery", "second-order", "win-back", "browse-abandonment", "cart-abandonment"];

export function isEmailScenario(value: string): value is EmailScenarioKey {
  return (EMAIL_SCENARIOS as readonly string[]).includes(value);
}

/** Later steps that are emails of their own (the win-back's stronger offer and its last question); other later steps reuse their scenario's. */
export const STEP_TEMPLATES = ["win-back#1", "win-back#2"] as const;
export type StepTemplateKey = (typeof STEP_TEMPLATES)[number];
/** What a template is written for: a scenario, or one of its steps that has its own email. */
export type TemplateKey = EmailScenarioKey | StepTemplateKey;

/** The template a message's step uses (steps count from 0). */
export function templateKey(scenario: EmailScenarioKey, step = 0): TemplateKey {
  const own = `${scenario}#${step}`;
  return step > 0 && (STEP_TEMPLATES as readonly string[]).includes(own) ? (own as StepTemplateKey) : scenario;
}

/** The step whose stored template a message uses: its own when the step has its own email, else the first. */
export function templateStep(scenario: EmailScenarioKey, step: number): number {
  return templateKey(scenario, step) === scenario ? 0 : step;
}

export type Lang = "en" | "ko";

/** "ko", "ko-KR", "KO_kr" → Korean; anything else → English. */
export function languageOf(locale: string | null | undefined): Lang {
  return locale && locale.toLowerCase().startsWith("ko") ? "ko" : "en";
}

/** A field of each item of a list variable, read in a loop as `item.<name>`; an optional one may be null. */
export type ItemFieldSpec = { name: string; required: boolean; description: string };

export type VariableSpec = {
  path: string;
  required: boolean;
  /** A list the template loops over with `{% for item in … %}`. */
  list?: boolean;
  /** For a list: what each item holds. */
  fields?: ItemFieldSpec[];
  description: string;
};

/**
 * A product line as an email shows it. `price` is the unit price, formatted; `url` its page on the
 * shop's primary domain (on the variant when known); `image_url` null when the product has no picture
 * or it could not be read.
 */
export type ProductItemVars = {
  title: string;
  variant_title: string | null;
  quantity: number;
  price: string;
  url: string;
  image_url: string | null;
  image_alt: string | null;
};
export type CheckoutItemVars = ProductItemVars;
/** `review_url`: where to review this product (the shop's review pattern), else the customer's orders page. */
export type OrderItemVars = ProductItemVars & { review_url: string };
/** A product the shop recommends: bought together with the person's, else a best seller (~/.server/dispatch/recommendations). */
export type RecommendationVars = { title: string; url: string; image_url: string | null; image_alt: string | null; price: string };

/**
 * What a template sees. Money and dates arrive preformatted in the message's locale.
 * The scenario sections a scenario needs are required at render time (see `missingVariables`).
 */
export type TemplateVars = {
  /** `korean_ad_rules` is filled in by the renderer from the shop's settings. */
  shop: { name: string; url: string; korean_ad_rules?: boolean };
  customer: { first_name: string | null; last_name: string | null; email: string };
  /**
   * `value` is the offer as the reader says it ("10%", "3,000원"); `percent_off` is null for a
   * fixed-amount code (a template printing it is refused then, see `percentOffMisused`).
   */
  coupon?: { code: string; value: string; percent_off: number | null; ends_at: string; url: string };
  checkout?: { url: string; items: CheckoutItemVars[]; total: string };
  order?: { name: string; review_url: string; items?: OrderItemVars[] };
  /** The product a browse or cart reminder is about, read from Shopify (never from the storefront's report). */
  product?: { title: string; url: string; image_url?: string | null; image_alt?: string | null; price?: string };
  recommendations?: RecommendationVars[];
  /** The reader's one-click unsubscribe link, filled in by the renderer (the win-back's last step offers it as "stop"). */
  unsubscribe_url?: string;
};

const COMMON: VariableSpec[] = [
  { path: "shop.name", required: true, description: "the shop's name" },
  { path: "shop.url", required: true, description: "the storefront address" },
  { path: "shop.korean_ad_rules", required: true, description: "true when the shop follows Korean advertising rules" },
  { path: "customer.first_name", required: false, description: "the customer's first name, when known" },
  { path: "customer.last_name", required: false, description: "the customer's last name, when known" },
  { path: "customer.email", required: true, description: "the address the email goes to" },
];

const ITEM_FIELDS: ItemFieldSpec[] = [
  { name: "title", required: true, description: "the product's name" },
  { name: "variant_title", required: false, description: "the variant, e.g. 250 g (empty for a product's only variant)" },
  { name: "quantity", required: true, description: "how many" },
  { name: "price", required: true, description: "the price of one, formatted" },
  { name: "url", required: true, description: "the product's page on the shop's domain" },
  { name: "image_url", required: false, description: "the product's picture (empty when it has none)" },
  { name: "image_alt", required: false, description: "the picture's description (empty when the shop gave none)" },
];

const ORDER_ITEMS: VariableSpec = {
  path: "order.items",
  required: false,
  list: true,
  fields: [...ITEM_FIELDS, { name: "review_url", required: true, description: "where to review this product" }],
  description: "the products bought, each with its picture, page and review link",
};

const RECOMMENDATIONS: VariableSpec = {
  path: "recommendations",
  required: false,
  list: true,
  fields: [
    { name: "title", required: true, description: "the product's name" },
    { name: "url", required: true, description: "the product's page on the shop's domain" },
    { name: "image_url", required: false, description: "the product's picture (empty when it has none)" },
    { name: "image_alt", required: false, description: "the picture's description" },
    { name: "price", required: true, description: "its price, formatted" },
  ],
  description: "products often bought with theirs, else the shop's best sellers; never one they bought (may be empty)",
};

const PRODUCT_EXTRAS: VariableSpec[] = [
  { path: "product.image_url", required: false, description: "the product's picture (empty when it has none)" },
  { path: "product.image_alt", required: false, description: "the picture's description" },
  { path: "product.price", required: false, description: "the product's lowest price, formatted" },
];

const COUPON: VariableSpec[] = [
  { path: "coupon.code", required: true, description: "the discount code" },
  { path: "coupon.value", required: true, description: "the discount as the reader says it: 10% or 3,000원 / $5.00" },
  {
    path: "coupon.percent_off",
    required: true,
    description: "the discount in percent, for percentage codes only (use coupon.value: an email printing this is not sent for a fixed-amount code)",
  },
  {
    path: "coupon.ends_at",
    required: true,
    description: "when the code stops working, 23:59 shop time on its last day: 3월 14일(토) 23:59 / 11:59 PM, Sat, March 14 (Korean templates add 까지)",
  },
  { path: "coupon.url", required: true, description: "the shop's link that applies the code and opens the storefront" },
];

export const VARIABLES: { [K in TemplateKey]: VariableSpec[] } = {
  welcome: [...COMMON, ...COUPON],
  "cart-recovery": [
    ...COMMON,
    { path: "checkout.url", required: true, description: "the link back to the checkout" },
    {
      path: "checkout.items",
      required: true,
      list: true,
      fields: ITEM_FIELDS,
      description: "the checkout's items, each with title, variant_title (may be empty), quantity, price (for one item: write 개당 … / … each), url and image_url (may be empty)",
    },
    { path: "checkout.total", required: true, description: "the checkout total, formatted" },
  ],
  "coupon-expiry": [...COMMON, ...COUPON],
  "post-delivery": [
    ...COMMON,
    { path: "order.name", required: true, description: "the order's name, e.g. #1001" },
    { path: "order.review_url", required: true, description: "where the customer can leave a review" },
    ORDER_ITEMS,
    RECOMMENDATIONS,
  ],
  "second-order": [...COMMON, ...COUPON, { path: "order.name", required: true, description: "the first order's name, e.g. #1001" }, ORDER_ITEMS, RECOMMENDATIONS],
  "win-back": COMMON,
  "browse-abandonment": [
    ...COMMON,
    { path: "product.title", required: true, description: "the product the shopper looked at" },
    { path: "product.url", required: true, description: "the product's page on the shop's domain" },
    ...PRODUCT_EXTRAS,
  ],
  "cart-abandonment": [
    ...COMMON,
    { path: "product.title", required: true, description: "the product the shopper added to the cart" },
    { path: "product.url", required: true, description: "the product's page on the shop's domain" },
    ...PRODUCT_EXTRAS,
  ],
  "win-back#1": [...COMMON, ...COUPON],
  "win-back#2": [...COMMON, { path: "unsubscribe_url", required: true, description: "the one-click link that stops these emails" }],
};

export function variableSpec(scenario: TemplateKey, path: string): VariableSpec | undefined {
  return VARIABLES[scenario].find((v) => v.path === path);
}

/** The fallback word for a missing name, used in the fix a validation message suggests. */
export function nameFallback(lang: Lang): string {
  return lang === "ko" ? "고객" : "there";
}

function lookup(vars: unknown, path: string): unknown {
  let at: unknown = vars;
  for (const part of path.split(".")) {
    if (!at || typeof at !== "object" || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** Required variables that are absent or empty: sending would show a hole where they belong. */
export function missingVariables(scenario: TemplateKey, vars: TemplateVars): string[] {
  return VARIABLES[scenario]
    // percent_off is checked against the template's use of it (`percentOffMisused`): a fixed-amount code has none.
    .filter((v) => v.required && v.path !== "shop.korean_ad_rules" && v.path !== "coupon.percent_off")
    .filter((v) => {
      const value = lookup(vars, v.path);
      if (value === undefined || value === null) return true;
      if (typeof value === "string") return value.trim() === "";
      if (Array.isArray(value)) return value.length === 0;
      return false;
    })
    .map((v) => v.path);
}

/** A template printing coupon.percent_off for a code that has no percentage (a fixed amount off). */
export function percentOffMisused(sources: string[], vars: TemplateVars): boolean {
  return vars.coupon !== undefined && vars.coupon.percent_off === null && sources.some((s) => /coupon\s*\.\s*percent_off/.test(s));
}

/**
 * An amount as the reader says it. Korean reads won after the number ("27,000원"); a currency without
 * minor units (KRW, JPY) never shows ".00"; without a currency a whole amount has no decimals.
 */
export function formatMoney(cents: number, currency: string | null, locale: string): string {
  const lang = languageOf(locale);
  const tag = lang === "ko" ? "ko-KR" : "en-US";
  const amount = cents / 100;
  if (!currency) {
    const digits = Number.isInteger(amount) ? 0 : 2;
    return amount.toLocaleString(tag, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  if (lang === "ko" && currency.toUpperCase() === "KRW") return `${Math.round(amount).toLocaleString("ko-KR")}원`;
  return new Intl.NumberFormat(tag, { style: "currency", currency }).format(amount);
}

/** A date as the reader says it, in the shop's time zone: "March 14, 2026" / "2026년 3월 14일". */
export function formatDate(date: Date, locale: string, timeZone: string): string {
  const tag = languageOf(locale) === "ko" ? "ko-KR" : "en-US";
  return new Intl.DateTimeFormat(tag, { year: "numeric", month: "long", day: "numeric", timeZone }).format(date);
}

const KO_WEEKDAYS = ["일", "월", "화", "수", "목", "금", "토"];

/**
 * When a code stops working, in the shop's time zone and the reader's words: "3월 14일(토) 23:59" (the
 * template adds 까지) / "11:59 PM, Sat, March 14".
 */
export function formatEndsAt(date: Date, locale: string, timeZone: string): string {
  const parts: Record<string, string> = {};
  const f = new Intl.DateTimeFormat("en-US", { timeZone, month: "long", day: "numeric", weekday: "short", hour: "numeric", minute: "2-digit", hourCycle: "h23" });
  for (const p of f.formatToParts(date)) parts[p.type] = p.value;
  const hour = Number(parts.hour) % 24;
  if (languageOf(locale) === "ko") {
    const month = new Intl.DateTimeFormat("en-US", { timeZone, month: "numeric" }).format(date);
    const weekday = KO_WEEKDAYS[["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday)];
    return `${month}월 ${parts.day}일(${weekday}) ${String(hour).padStart(2, "0")}:${parts.minute}`;
  }
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}:${parts.minute} ${hour < 12 ? "AM" : "PM"}, ${parts.weekday}, ${parts.month} ${parts.day}`;
}

/** The offer as the reader says it: "10%", or the amount off ("3,000원", "$5.00"). */
export function couponValue(coupon: { percentOff: number; amountOffCents: number | null }, currency: string | null, locale: string): string {
  return coupon.amountOffCents === null ? `${coupon.percentOff}%` : formatMoney(coupon.amountOffCents, currency, locale);
}

/** Shopify's link that applies a code and then opens the storefront's home page. */
export function discountUrl(storefront: string, code: string): string {
  return `${storefront.replace(/\/+$/, "")}/discount/${encodeURIComponent(code)}?redirect=/`;
}

/** Realistic values for validation and previews; `picture` says where the sample products' pictures are. */
export function sampleVars(scenario: TemplateKey, locale: string, picture: PictureUrl = inlinePicture): TemplateVars {
  const ko = languageOf(locale) === "ko";
  const base: TemplateVars = {
    shop: ko ? { name: "하루커피", url: "https://haru-coffee.example" } : { name: "Demo Coffee Roasters", url: "https://demo-shop.example" },
    customer: ko
      ? { first_name: "지민", last_name: "김", email: "jimin@example.com" }
      : { first_name: "Ada", last_name: "Lovelace", email: "ada@example.com" },
  };
  const coupon = {
    code: "WELCOME-7KQ2",
    value: "10%",
    percent_off: 10,
    ends_at: ko ? "3월 14일(토) 23:59" : "11:59 PM, Sat, March 14",
    url: discountUrl(base.shop.url, "WELCOME-7KQ2"),
  };
  switch (scenario) {
    case "welcome":
      return { ...base, coupon };
    case "coupon-expiry":
      return { ...base, coupon: { ...coupon, ends_at: ko ? "3월 15일(일) 23:59" : "11:59 PM, Sun, March 15" } };
    case "cart-recovery":
      return {
        ...base,
        checkout: {
          url: `${base.shop.url}/checkouts/c/3f9a`,
          items: sampleItems(base.shop.url, ko, picture),
          total: ko ? "27,000원" : "$25.00",
        },
      };
    case "post-delivery":
      return { ...base, order: { name: "#1001", review_url: `${base.shop.url}/products/yirgacheffe#reviews`, items: sampleOrderItems(base.shop.url, ko, picture) }, recommendations: sampleRecommendations(base.shop.url, ko, picture) };
    case "second-order":
      return {
        ...base,
        coupon: { ...coupon, code: "AGAIN-4MZ8", url: discountUrl(base.shop.url, "AGAIN-4MZ8") },
        order: { name: "#1001", review_url: `${base.shop.url}/account/orders`, items: sampleOrderItems(base.shop.url, ko, picture) },
        recommendations: sampleRecommendations(base.shop.url, ko, picture),
      };
    case "win-back":
      return base;
    case "browse-abandonment":
    case "cart-abandonment":
      return { ...base, product: sampleProduct(base.shop.url, ko, picture) };
    case "win-back#1":
      return { ...base, coupon: { ...coupon, code: "MISSYOU-3HT6", value: "15%", percent_off: 15, url: discountUrl(base.shop.url, "MISSYOU-3HT6") } };
    case "win-back#2":
      return { ...base, unsubscribe_url: "https://crm.example/unsubscribe?t=sample" };
  }
}
