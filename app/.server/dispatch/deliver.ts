// One claimed message: re-checked against the facts of now, then sent, skipped or deferred, with
// the reason recorded. Database statements queue on SQLite's one connection (sqlite-turns.server.ts)
// and a transaction holds it to its end; nothing holds it across the Admin API, rendering or SMTP,
// which overlap with the other messages in flight.
import type { Coupon, Message } from "@prisma/client";
import type { Db } from "~/db.server";
import { couponTerms, type CouponTerms } from "~/domain/coupons";
import { abSubjectFor } from "~/domain/ab-test";
import { inHoldout } from "~/domain/attribution";
import { CONSENT_NOTICE } from "~/domain/consent-notice";
import { evaluateEligibility } from "~/domain/eligibility";
import { SCENARIOS, isScenarioKey } from "~/domain/scenarios";
import { addMinutes } from "~/domain/schedule";
import type { ScenarioKey, SkipReason, Verdict } from "~/domain/types";
import { recordBounce } from "~/.server/channels/email/bounces";
import { pickStoredTemplate } from "~/.server/channels/email/templates";
import { formatMoney, isEmailScenario, languageOf, templateStep, type EmailScenarioKey, type TemplateVars } from "~/.server/channels/email/variables";
import { reusableFirstOrderCode } from "~/.server/coupons/first-order";
import { issueCoupon } from "~/.server/coupons/issue";
import { describeAdminError, isTransientAdminError } from "~/.server/shopify/admin-api";
import { signUnsubscribeToken, unsubscribeUrl } from "~/.server/tracking/unsubscribe";
import { markDeferred, markHoldout, markSkipped, reasonText, skipWaiting } from "~/.server/queue/complete";
import { composeEmail } from "./compose";
import { fillReviewUrl } from "~/domain/review-link";
import { eligibilityInput, messageLocale, shopIdentity, storefrontUrl, templateVars, type MessageContext, type ShopView } from "./facts";
import { loadMessageContext } from "./facts-load";
import { loadEmailProducts } from "./email-products";
import { productUrl } from "./product-cards";
import { deliverConsentNotice } from "./notice";
import { outcome, type Progress } from "./outcome";
import type { DispatchOutcome, Pass } from "./types";
import { failOrRetry, markFailed } from "~/.server/queue/fail";
import { senderFor } from "~/domain/sender";

/** The emails about an order show what was bought, and what else the person may like. */
const SHOWS_ORDER: readonly EmailScenarioKey[] = ["post-delivery", "second-order"];

/** Shopify throttling or an outage while confirming a first-time buyer: ask again shortly. */
const ADMIN_RETRY_MINUTES = 5;

export type { Pass } from "./types";

type Scenario = Message & { scenario: ScenarioKey };

/**
 * One message's trouble never stops the pass: it is failed as transient and retried with backoff.
 * `ctx` is the context read with its batch, or null to read it now.
 */
export async function handleSafely(pass: Pass, m: Message, ctx: MessageContext | null): Promise<DispatchOutcome | null> {
  const { deps, now } = pass;
  const progress: Progress = { attempts: null };
  try {
    return await handleMessage(pass, m, ctx, progress);
  } catch (e) {
    const error = `unexpected error: ${e instanceof Error ? e.message : String(e)}`;
    try {
      const attempts = progress.attempts ?? (await pass.record.attempt(m));
      if (attempts === null) return null;
      const failed = await failOrRetry(deps.services.db, m, { now, error, transient: true, attempts, random: deps.services.random, maxAttempts: deps.tuning?.maxAttempts });
      return failed && outcome(m, failed.status, failed.reason, failed.status === "deferred" ? failed.runAt : m.runAt);
    } catch (again) {
      deps.services.log?.(`dispatch error shop=${m.shop} message=${m.id}: could not record a failure (${again instanceof Error ? again.message : String(again)})`);
      return null;
    }
  }
}

async function handleMessage(pass: Pass, m: Message, prefetched: MessageContext | null, progress: Progress): Promise<DispatchOutcome | null> {
  const { deps, now } = pass;
  const { db } = deps.services;
  const shop = await pass.shops(m.shop);
  if (!shop) {
    const reason = reasonText("shop_uninstalled", "the shop is not known to the app");
    return (await markSkipped(db, m, "shop_uninstalled", "the shop is not known to the app")) ? outcome(m, "skipped", reason) : null;
  }
  if (m.scenario === CONSENT_NOTICE) return deliverConsentNotice(pass, m, shop, prefetched ?? (await loadMessageContext(db, shop, m, now)), progress);
  if (!isScenarioKey(m.scenario)) {
    const detail = `"${m.scenario}" is not a scenario of this app`;
    return (await markFailed(db, m, "unknown_scenario", detail)) ? outcome(m, "failed", reasonText("unknown_scenario", detail)) : null;
  }
  const msg = m as Scenario;
  const ctx = prefetched ?? (await loadMessageContext(db, shop, msg, now));
  let verdict: Verdict = evaluateEligibility(eligibilityInput(msg, ctx, now, null));

  // The projection only knows orders since install: Shopify has the final word on "first order".
  if (verdict.action === "send" && SCENARIOS[msg.scenario].firstOrderOnly && msg.customerShopifyId) {
    const count = await deps.services.admin.customerOrderCount(msg.shop, msg.customerShopifyId);
    if (!count.ok && count.error.kind !== "not_found") {
      verdict = { action: "defer", until: addMinutes(now, ADMIN_RETRY_MINUTES), reason: "send_retry", detail: describeAdminError(count.error) };
    } else {
      verdict = evaluateEligibility(eligibilityInput(msg, ctx, now, count.ok ? count.value === 0 : null));
    }
  }

  switch (verdict.action) {
    case "skip": {
      const { reason: code, detail } = verdict;
      return (await markSkipped(db, msg, code, detail)) ? outcome(msg, "skipped", reasonText(code, detail)) : null;
    }
    case "defer": {
      const { reason: code, detail, until } = verdict;
      return (await markDeferred(db, msg, until, code, detail)) ? outcome(msg, "deferred", reasonText(code, detail), until) : null;
    }
    case "send":
      return send(pass, msg, ctx, shop, progress);
  }
}

async function send(pass: Pass, m: Scenario, ctx: MessageContext, shop: ShopView, progress: Progress): Promise<DispatchOutcome | null> {
  const { deps, now } = pass;
  const { db } = deps.services;
  const scenario = m.scenario;
  if (!isEmailScenario(scenario) || !m.email) {
    const detail = "this scenario is shown in the storefront, not emailed";
    return (await markSkipped(db, m, "no_longer_relevant", detail)) ? outcome(m, "skipped", reasonText("no_longer_relevant", detail)) : null;
  }
  const email = m.email;
  // A browse or cart reminder shows the product as Shopify has it now: gone or no longer sold, nothing to remind of.
  let product: TemplateVars["product"] | null = null;
  if ((scenario === "browse-abandonment" || scenario === "cart-abandonment") && m.productShopifyId) {
    const card = await deps.services.admin.productCard(m.shop, m.productShopifyId);
    if (!card.ok) {
      if (!isTransientAdminError(card.error)) return skipWith(db, m, "no_longer_relevant", `the product could not be read: ${describeAdminError(card.error)}`);
      const until = addMinutes(now, ADMIN_RETRY_MINUTES);
      const detail = describeAdminError(card.error);
      return (await markDeferred(db, m, until, "send_retry", detail)) ? outcome(m, "deferred", reasonText("send_retry", detail), until) : null;
    }
    if (!card.value) return skipWith(db, m, "no_longer_relevant", "the product no longer exists");
    if (!card.value.active) return skipWith(db, m, "no_longer_relevant", "the product is no longer on sale");
    const { title, handle, imageUrl, imageAlt, price } = card.value;
    product = { title, url: productUrl(storefrontUrl(shop.row), handle, null), image_url: imageUrl, image_alt: imageAlt, price: price ? formatMoney(price.cents, price.currency, messageLocale(ctx)) : "" };
  }
  // Decided after eligibility said "send": the holdout group is exactly those who would have received it.
  const holdoutPercent = shop.measurement.holdoutPercent(scenario);
  if (inHoldout(m.shop, scenario, { customerShopifyId: m.customerShopifyId, email }, holdoutPercent)) {
    const detail = `${holdoutPercent}% of this scenario's audience gets nothing, to measure its lift`;
    return (await markHoldout(db, m, now, detail)) ? outcome(m, "skipped", reasonText("holdout", detail)) : null;
  }
  const attempts = (progress.attempts = await pass.record.attempt(m));
  if (attempts === null) return null;
  const retryOrFail = async (error: string, transient: boolean, issued: Coupon | null) => {
    const failed = await failOrRetry(db, m, { now, error, transient, attempts, random: deps.services.random, maxAttempts: deps.tuning?.maxAttempts });
    if (!failed) return null;
    if (failed.status === "failed" && issued) await dropReminder(db, issued);
    return outcome(m, failed.status, failed.reason, failed.status === "deferred" ? failed.runAt : m.runAt);
  };

  let coupon = ctx.coupon;
  // A welcome to someone holding the modal's first-order code carries that code (issued, reminded already).
  const held = scenario === "welcome" ? await reusableFirstOrderCode(db, { shop: m.shop, email, customerShopifyId: m.customerShopifyId, now }, m.key) : null;
  const offer = held ? null : couponOffer(scenario, m.step, shop);
  if (held) coupon = held;
  if (offer) {
    // Issuing writes the code, calls Shopify holding nothing, then activates the code with its reminder in a transaction.
    const issued = await issueCoupon(
      { db, admin: deps.services.admin, random: deps.services.random },
      { shop: m.shop, scenario, issueKey: m.key, email, customerShopifyId: m.customerShopifyId, now, ...offer },
    );
    if (!issued.ok) return retryOrFail(`coupon: ${issued.error}`, issued.transient, null);
    coupon = issued.coupon;
  }
  const issuedHere = offer ? coupon : null;

  let reviewUrl: string | null = null;
  if (scenario === "post-delivery" && ctx.order?.productShopifyId) {
    const handle = await deps.services.admin.productHandle(m.shop, ctx.order.productShopifyId);
    if (!handle.ok) return retryOrFail(`product page for the review link: ${describeAdminError(handle.error)}`, isTransientAdminError(handle.error), issuedHere);
    if (handle.value) reviewUrl = fillReviewUrl(shop.row.reviewUrlPattern, storefrontUrl(shop.row), handle.value);
  }

  const locale = messageLocale(ctx);
  const products = await loadEmailProducts(
    { db, admin: deps.services.admin, log: deps.services.log },
    {
      shop: shop.row,
      storefront: storefrontUrl(shop.row),
      locale,
      checkout: scenario === "cart-recovery" ? ctx.checkout : null,
      order: SHOWS_ORDER.includes(scenario) && ctx.order ? ctx.order : null,
      recommendFor: SHOWS_ORDER.includes(scenario) ? { customerShopifyId: m.customerShopifyId, email } : null,
      now,
    },
  );
  const identity = shopIdentity(shop.row, deps.identity.appUrl);
  const link = unsubscribeUrl(deps.identity.appUrl, signUnsubscribeToken({ shop: m.shop, email, messageKey: m.key }, deps.identity.secret));
  const rendered = await composeEmail({
    render: {
      scenario,
      locale,
      step: m.step,
      template: pickStoredTemplate(shop.scenarios.templates(scenario), locale, templateStep(scenario, m.step)),
      vars: templateVars(m, ctx, locale, coupon, reviewUrl, product, products),
      shop: identity,
      unsubscribeUrl: link,
    },
    messageKey: m.key,
    // The A/B test is on the first step's subject; a later step with its own email keeps its own.
    subjectB: templateStep(scenario, m.step) === 0 ? abSubjectFor(shop.measurement.abTest(scenario), languageOf(locale)) : null,
    tracking: { appUrl: deps.identity.appUrl, secret: deps.identity.secret, messageId: m.id, unsubscribeUrl: link },
    log: deps.services.log,
  });
  if (!rendered.ok) {
    const reason = reasonText("template_refused", rendered.error);
    if (!(await markFailed(db, m, "template_refused", rendered.error))) return null;
    if (issuedHere) await dropReminder(db, issuedHere);
    return outcome(m, "failed", reason);
  }

  const result = await deps.services.transport.send({
    ...senderFor(shop.row, deps.identity.defaultFrom),
    to: email,
    subject: rendered.email.subject,
    html: rendered.email.html,
    text: rendered.email.text,
    messageKey: m.key,
    scenario,
    unsubscribeUrl: link,
  });
  if (!result.ok && result.bounced) {
    const reason = reasonText("bounced", result.error);
    if (!(await markFailed(db, m, "bounced", result.error))) return null;
    await recordBounce(db, { shop: m.shop, email, at: now });
    if (issuedHere) await dropReminder(db, issuedHere);
    return outcome(m, "failed", reason);
  }
  if (!result.ok) return retryOrFail(result.error, result.transient, issuedHere);
  const sent = { providerMessageId: result.providerMessageId, renderedSubject: rendered.email.subject, locale, variant: rendered.variant, links: rendered.links };
  return (await pass.record.sent(m, sent)) ? outcome(m, "sent", null) : null;
}

async function skipWith(db: Db, m: Message, code: SkipReason, detail: string): Promise<DispatchOutcome | null> {
  return (await markSkipped(db, m, code, detail)) ? outcome(m, "skipped", reasonText(code, detail)) : null;
}

/** The scenarios (and steps) whose email carries a code issued for that one message. */
function couponOffer(scenario: EmailScenarioKey, step: number, shop: ShopView): { terms: CouponTerms; daysValid: number; prefix: string } | null {
  switch (scenario) {
    case "welcome": {
      const s = shop.scenarios.settings("welcome");
      return { terms: couponTerms(s), daysValid: s.couponDaysValid, prefix: "WELCOME" };
    }
    case "second-order": {
      const s = shop.scenarios.settings("second-order");
      return { terms: couponTerms(s), daysValid: s.couponDaysValid, prefix: "AGAIN" };
    }
    case "win-back": {
      // Only the second step, the stronger offer: the reminder and the last question carry no code.
      if (step !== 1) return null;
      const s = shop.scenarios.settings("win-back");
      return { terms: couponTerms(s), daysValid: s.couponDaysValid, prefix: "MISSYOU" };
    }
    default:
      return null;
  }
}

/** A code that never reached the shopper must not get an "expires tomorrow" reminder. */
async function dropReminder(db: Db, coupon: Coupon): Promise<void> {
  await skipWaiting(db, { shop: coupon.shop, scenario: "coupon-expiry", couponCode: coupon.code }, "no_longer_relevant", "the email carrying this code was never delivered");
}
