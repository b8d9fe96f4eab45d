// The Liquid variables each email scenario offers its templates. A template may use only these;
// an optional one can be empty at send time, so it must carry a `| default: "…"` fallback.
import type { ScenarioKey } from "~/domain/types";

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

export type VariableSpec = {
  path: string;
  required: boolean;
  /** A list the template loops over with `{% for item in … %}`. */
  list?: boolean;
  description: string;
};

export type CheckoutItemVars = { title: string; variant_title: string | null; quantity: number; price: string };

/**
 * What a template sees. Money and dates arrive preformatted in the message's locale.
 * The scenario sections a scenario needs are required at render time (see `missingVariables`).
 */
export type TemplateVars = {
  /** `korean_ad_rules` is filled in by the renderer from the shop's settings. */
  shop: { name: string; url: string; korean_ad_rules?: boolean };
  customer: { first_name: string | null; last_name: string | null; email: string };
  coupon?: { code: string; percent_off: number; ends_at: string };
  checkout?: { url: string; items: CheckoutItemVars[]; total: string };
  order?: { name: string; review_url: string };
  /** The product a browse or cart reminder is about, read from Shopify (never from the storefront's report). */
  product?: { title: string; url: string };
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

const COUPON: VariableSpec[] = [
  { path: "coupon.code", required: true, description: "the discount code" },
  { path: "coupon.percent_off", required: true, description: "the discount, in percent" },
  { path: "coupon.ends_at", required: true, description: "the last day the code works, formatted for the reader" },
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
      description: "the checkout's items, each with title, variant_title (may be empty), quantity and price",
    },
    { path: "checkout.total", required: true, description: "the checkout total, formatted" },
  ],
  "coupon-expiry": [...COMMON, ...COUPON],
  "post-delivery": [
    ...COMMON,
    { path: "order.name", required: true, description: "the order's name, e.g. #1001" },
    { path: "order.review_url", required: true, description: "where the customer can leave a review" },
  ],
  "second-order": [...COMMON, ...COUPON, { path: "order.name", required: true, description: "the first order's name, e.g. #1001" }],
  "win-back": COMMON,
  "browse-abandonment": [
    ...COMMON,
    { path: "product.title", required: true, description: "the product the shopper looked at" },
    { path: "product.url", required: true, description: "the product's page on the shop's domain" },
  ],
  "cart-abandonment": [
    ...COMMON,
    { path: "product.title", required: true, description: "the product the shopper added to the cart" },
    { path: "product.url", required: true, description: "the product's page on the shop's domain" },
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
    .filter((v) => v.required && v.path !== "shop.korean_ad_rules")
    .filter((v) => {
      const value = lookup(vars, v.path);
      if (value === undefined || value === null) return true;
      if (typeof value === "string") return value.trim() === "";
      if (Array.isArray(value)) return value.length === 0;
      return false;
    })
    .map((v) => v.path);
}

export function formatMoney(cents: number, currency: string | null, locale: string): string {
  const lang = languageOf(locale);
  const tag = lang === "ko" ? "ko-KR" : "en-US";
  if (!currency) return (cents / 100).toLocaleString(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return new Intl.NumberFormat(tag, { style: "currency", currency }).format(cents / 100);
}

/** A date as the reader says it, in the shop's time zone: "March 14, 2026" / "2026년 3월 14일". */
export function formatDate(date: Date, locale: string, timeZone: string): string {
  const tag = languageOf(locale) === "ko" ? "ko-KR" : "en-US";
  return new Intl.DateTimeFormat(tag, { year: "numeric", month: "long", day: "numeric", timeZone }).format(date);
}

/** Realistic values for validation and previews. */
export function sampleVars(scenario: TemplateKey, locale: string): TemplateVars {
  const ko = languageOf(locale) === "ko";
  const base: TemplateVars = {
    shop: ko ? { name: "하루커피", url: "https://haru-coffee.example" } : { name: "Demo Coffee Roasters", url: "https://demo-shop.example" },
    customer: ko
      ? { first_name: "지민", last_name: "김", email: "jimin@example.com" }
      : { first_name: "Ada", last_name: "Lovelace", email: "ada@example.com" },
  };
  const coupon = { code: "WELCOME-7KQ2", percent_off: 10, ends_at: ko ? "2026년 3월 14일" : "March 14, 2026" };
  switch (scenario) {
    case "welcome":
      return { ...base, coupon };
    case "coupon-expiry":
      return { ...base, coupon: { ...coupon, ends_at: ko ? "2026년 3월 15일" : "March 15, 2026" } };
    case "cart-recovery":
      return {
        ...base,
        checkout: ko
          ? {
              url: "https://haru-coffee.example/checkouts/c/3f9a",
              items: [
                { title: "에티오피아 예가체프 원두", variant_title: "200g", quantity: 1, price: "₩18,000" },
                { title: "핸드드립 필터", variant_title: null, quantity: 2, price: "₩4,500" },
              ],
              total: "₩27,000",
            }
          : {
              url: "https://demo-shop.example/checkouts/c/3f9a",
              items: [
                { title: "Ethiopia Yirgacheffe beans", variant_title: "250 g", quantity: 1, price: "$16.00" },
                { title: "Paper filters", variant_title: null, quantity: 2, price: "$4.50" },
              ],
              total: "$25.00",
            },
      };
    case "post-delivery":
      return { ...base, order: { name: "#1001", review_url: `${base.shop.url}/products/yirgacheffe#reviews` } };
    case "second-order":
      return { ...base, coupon: { ...coupon, code: "AGAIN-4MZ8" }, order: { name: "#1001", review_url: `${base.shop.url}/account/orders` } };
    case "win-back":
      return base;
    case "browse-abandonment":
    case "cart-abandonment":
      return { ...base, product: ko ? { title: "에티오피아 예가체프 원두", url: `${base.shop.url}/products/yirgacheffe` } : { title: "Ethiopia Yirgacheffe beans", url: `${base.shop.url}/products/yirgacheffe` } };
    case "win-back#1":
      return { ...base, coupon: { ...coupon, code: "MISSYOU-3HT6", percent_off: 15 } };
    case "win-back#2":
      return { ...base, unsubscribe_url: "https://crm.example/unsubscribe?t=sample" };
  }
}
