// Everything the send-time re-check and the renderer need to know about one message, read from the
// database when it is dispatched (facts-load.ts), not copied from when the message was planned.
import type { Checkout, Coupon, Customer, Message, Order, Shop } from "@prisma/client";
import type { Db } from "~/db.server";
import { parseAbTest, type AbTestConfig } from "~/domain/ab-test";
import type { PreviousStep } from "~/domain/branch";
import type { EligibilityInput } from "~/domain/eligibility";
import { audienceVerdict, vipRank, type Segment, type SegmentThresholds } from "~/domain/segments";
import type { EmailConsent, ScenarioKey, ShopPolicy, SuppressionReason } from "~/domain/types";
import type { ShopIdentity } from "~/.server/channels/email/render";
import { couponValue, discountUrl, formatEndsAt, formatMoney, type CheckoutItemVars, type TemplateVars } from "~/.server/channels/email/variables";
import { shopBrand } from "~/.server/brand/shop-brand";
import { checkoutLines, itemVars, type EmailProducts } from "./email-products";
import { koreanAdRulesApply, loadShopScenarios, segmentThresholds, senderReady, shopPolicy, type ShopScenarios } from "~/.server/shops";

export type ShopView = { row: Shop; policy: ShopPolicy; senderReady: boolean; scenarios: ShopScenarios; measurement: ShopMeasurement; segments: ShopSegments };

/** The shop's segment thresholds, and its VIP cutoff, read once per pass and only when an audience names VIPs. */
export type ShopSegments = { thresholds: SegmentThresholds; vipCutoff(): Promise<number | null> };

/** The amount that makes a buyer a VIP (~/domain/segments `vipCutoffCents`), read at its rank over the (shop, totalSpentCents) index. */
export async function readVipCutoff(db: Db, shop: string, thresholds: SegmentThresholds): Promise<number | null> {
  if (thresholds.vipMinSpentCents !== null) return thresholds.vipMinSpentCents;
  const buyers = { shop, totalSpentCents: { gt: 0 } };
  const count = await db.customer.count({ where: buyers });
  if (count === 0) return null;
  const row = await db.customer.findFirst({ where: buyers, orderBy: [{ totalSpentCents: "desc" }, { id: "asc" }], skip: vipRank(count, thresholds.vipTopPercent) - 1, select: { totalSpentCents: true } });
  return row?.totalSpentCents ?? null;
}

function shopSegments(db: Db, shop: Shop): ShopSegments {
  const thresholds = segmentThresholds(shop);
  let cutoff: Promise<number | null> | null = null;
  return { thresholds, vipCutoff: () => (cutoff ??= readVipCutoff(db, shop.domain, thresholds)) };
}

/** Per scenario: the holdout share (the scenario's own, else the shop's) and the stored A/B test. */
export type ShopMeasurement = { holdoutPercent(key: ScenarioKey): number; abTest(key: ScenarioKey): AbTestConfig };

export async function loadMeasurement(db: Db, shop: Shop): Promise<ShopMeasurement> {
  const rows = await db.scenarioSetting.findMany({ where: { shop: shop.domain }, select: { scenario: true, holdoutPercent: true, abTest: true } });
  const byKey = new Map(rows.map((r) => [r.scenario, r]));
  return {
    holdoutPercent: (key) => byKey.get(key)?.holdoutPercent ?? shop.holdoutPercent,
    abTest: (key) => parseAbTest(byKey.get(key)?.abTest ?? "{}"),
  };
}

/** Shops and their scenario settings, read once per pass. */
export function createShopCache(db: Db): (domain: string) => Promise<ShopView | null> {
  const cache = new Map<string, Promise<ShopView | null>>();
  const load = async (domain: string): Promise<ShopView | null> => {
    const row = await db.shop.findUnique({ where: { domain } });
    if (!row) return null;
    return {
      row,
      policy: shopPolicy(row),
      senderReady: senderReady(row),
      scenarios: await loadShopScenarios(db, domain),
      measurement: await loadMeasurement(db, row),
      segments: shopSegments(db, row),
    };
  };
  return (domain) => {
    let view = cache.get(domain);
    if (!view) cache.set(domain, (view = load(domain)));
    return view;
  };
}

export type MessageContext = {
  shop: ShopView;
  customer: Customer | null;
  checkout: Checkout | null;
  /** An order that carries the message's checkout token: the cart was bought, whatever the checkout row says. */
  checkoutOrder: Order | null;
  order: Order | null;
  coupon: Coupon | null;
  suppressed: SuppressionReason | null;
  orderedSinceTrigger: boolean;
  recentSends: Date[];
  /** The person's segments at dispatch, when the scenario's audience names any; null otherwise. */
  segments: Set<Segment> | null;
  /** For a later step of a series: what became of the step before it. */
  previous: PreviousStep | null;
  /** For a browse or cart reminder: what the shopper did since (~/domain/eligibility `shopper`). */
  shopper: { checkoutStartedAt: Date | null; addedToCartAt: Date | null; remindedAt: Date | null } | null;
};

const CONSENTS: EmailConsent[] = ["subscribed", "not_subscribed", "unsubscribed", "pending", "unknown"];

function consentOf(value: string | null | undefined): EmailConsent {
  return CONSENTS.find((c) => c === value) ?? "unknown";
}

export function eligibilityInput(
  m: Message & { scenario: ScenarioKey },
  ctx: MessageContext,
  now: Date,
  firstTimeBuyerConfirmed: boolean | null,
): EligibilityInput {
  const { shop, checkout, order } = ctx;
  const completedAt = checkout?.completedAt ?? ctx.checkoutOrder?.placedAt ?? null;
  return {
    now,
    scenario: m.scenario,
    step: m.step,
    runAt: m.runAt,
    triggeredAt: m.triggeredAt,
    settings: shop.scenarios.settings(m.scenario),
    scenarioEnabled: shop.scenarios.enabled(m.scenario),
    shop: { installed: shop.row.uninstalledAt === null, senderReady: shop.senderReady, policy: shop.policy },
    recipient: {
      email: m.email,
      consent: consentOf(ctx.customer?.emailConsent),
      checkoutAcceptsMarketing: checkout?.acceptsMarketing ?? order?.acceptsMarketing ?? null,
      suppressed: ctx.suppressed,
    },
    customer: ctx.customer ? { ordersCount: ctx.customer.ordersCount } : null,
    firstTimeBuyerConfirmed,
    checkout: checkout || ctx.checkoutOrder ? { completedAt } : null,
    orderedSinceTrigger: ctx.orderedSinceTrigger,
    coupon: ctx.coupon ? { endsAt: ctx.coupon.endsAt, usedAt: ctx.coupon.usedAt } : null,
    order: order ? { cancelledAt: order.cancelledAt, refundedAt: order.refundedAt } : null,
    recentSends: ctx.recentSends,
    audience: ctx.segments ? audienceVerdict(shop.scenarios.audience(m.scenario), ctx.segments) : null,
    previous: ctx.previous,
    ...(ctx.shopper ? { shopper: ctx.shopper } : {}),
  };
}

/** The address shoppers know: the primary domain Shopify reported, else the myshopify one. */
export function storefrontUrl(shop: Pick<Shop, "domain" | "primaryDomain">): string {
  return shop.primaryDomain ?? `https://${shop.domain}`;
}

/**
 * The shop's currency when a checkout names none. The Shop row keeps no currency; a shop in Korea
 * sells in won, and elsewhere the amount is shown without a symbol rather than in a guessed one.
 */
export function shopCurrency(shop: Pick<Shop, "countryCode">): string | null {
  return shop.countryCode?.toUpperCase() === "KR" ? "KRW" : null;
}

/** Only called once the shop passed `senderReady`, so the sender fields are set. `appUrl` serves an uploaded logo. */
export function shopIdentity(shop: Shop, appUrl: string): ShopIdentity {
  return {
    name: shop.name,
    senderName: shop.senderName ?? shop.name,
    senderEmail: shop.senderEmail ?? "",
    postalAddress: shop.postalAddress ?? "",
    contact: shop.contact,
    koreanAdRules: koreanAdRulesApply(shop),
    url: storefrontUrl(shop),
    brand: shopBrand(shop, appUrl),
  };
}

/** The customer's language first, then the checkout's, then the shop's. */
export function messageLocale(ctx: MessageContext): string {
  return ctx.customer?.locale ?? ctx.checkout?.locale ?? ctx.shop.row.locale;
}

/** The checkout's items without cards (no pictures; links to the shop's front page). */
function checkoutItems(json: string, currency: string | null, locale: string, storefront: string): CheckoutItemVars[] {
  return checkoutLines(json).map((line) => itemVars(line, new Map(), storefront, { currency, locale }));
}

/** What the template sees. A scenario section is left out when its facts are missing: the renderer refuses then. */
export function templateVars(
  m: Message,
  ctx: MessageContext,
  locale: string,
  coupon: Coupon | null,
  reviewUrl: string | null = null,
  product: TemplateVars["product"] | null = null,
  products: EmailProducts | null = null,
): TemplateVars {
  const shop = ctx.shop.row;
  const vars: TemplateVars = {
    shop: { name: shop.name, url: storefrontUrl(shop) },
    customer: {
      first_name: ctx.customer?.firstName ?? ctx.checkout?.firstName ?? null,
      last_name: ctx.customer?.lastName ?? null,
      email: m.email ?? "",
    },
  };
  if (coupon) {
    vars.coupon = {
      code: coupon.code,
      value: couponValue(coupon, shopCurrency(shop), locale),
      percent_off: coupon.amountOffCents === null ? coupon.percentOff : null,
      ends_at: formatEndsAt(coupon.endsAt, locale, shop.timezone),
      url: discountUrl(storefrontUrl(shop), coupon.code),
    };
  }
  if (ctx.checkout) {
    const currency = ctx.checkout.currency ?? shopCurrency(shop);
    vars.checkout = {
      url: ctx.checkout.recoveryUrl ?? "",
      items: products?.checkoutItems ?? checkoutItems(ctx.checkout.lineItems, currency, locale, storefrontUrl(shop)),
      total: formatMoney(ctx.checkout.totalPriceCents, currency, locale),
    };
  }
  if (product) vars.product = product;
  if (ctx.order) {
    // Without a product page to review (no product on the order, or it was deleted): the customer's orders page.
    vars.order = { name: ctx.order.name ?? `#${ctx.order.shopifyId}`, review_url: reviewUrl ?? `${storefrontUrl(shop)}/account/orders` };
    if (products?.orderItems) vars.order.items = products.orderItems;
  }
  if (products?.recommendations) vars.recommendations = products.recommendations;
  return vars;
}
