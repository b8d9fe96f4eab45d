// One dispatcher pass: claim what is due, re-check each message against the facts of now, and send,
// skip or defer it, recording why. Messages are taken in the shop's priority order so that when one
// person has several due, the one the merchant ranks highest takes the frequency budget.
import type { Coupon, Message } from "@prisma/client";
import type { Db } from "~/db.server";
import { sortByPriority } from "~/domain/budget";
import { evaluateEligibility } from "~/domain/eligibility";
import { DEFAULT_PRIORITY, SCENARIOS, isScenarioKey } from "~/domain/scenarios";
import { addMinutes } from "~/domain/schedule";
import type { ScenarioKey, Verdict } from "~/domain/types";
import { abSubjectFor } from "~/domain/ab-test";
import { inHoldout } from "~/domain/attribution";
import { pickStoredTemplate } from "~/.server/channels/email/templates";
import type { EmailTransport } from "~/.server/channels/email/transport";
import { isEmailScenario, languageOf } from "~/.server/channels/email/variables";
import { issueCoupon } from "~/.server/coupons/issue";
import { describeAdminError, type AdminApi } from "~/.server/shopify/admin-api";
import { signUnsubscribeToken, unsubscribeUrl } from "~/.server/tracking/unsubscribe";
import { claimDueMessages, releaseClaims } from "./claim";
import { markDeferred, markHoldout, markSent, markSkipped, reasonCode, reasonText } from "./complete";
import { composeEmail } from "./compose";
import { createShopCache, eligibilityInput, loadMessageContext, messageLocale, shopIdentity, templateVars, type MessageContext, type ShopView } from "./context";
import { failOrRetry, markFailed, recordSendAttempt } from "./fail";
import { resetStaleLeases } from "./reset-stale";

export type DispatchDeps = {
  db: Db;
  admin: AdminApi;
  transport: EmailTransport;
  appUrl: string;
  secret: string;
  workerId: string;
  random: () => number;
  leaseMs?: number;
  batchSize?: number;
  maxAttempts?: number;
  log?: (line: string) => void;
  /** True once shutdown began: the pass finishes the message in hand and releases the rest it claimed. */
  stopping?: () => boolean;
};

export type DispatchOutcome = {
  key: string;
  scenario: string;
  step: number;
  email: string | null;
  status: "sent" | "skipped" | "deferred" | "failed";
  reason: string | null;
  /** When it was due, or for a deferred message when it will be tried again. */
  runAt: Date;
};

const DEFAULT_LEASE_MS = 5 * 60_000;
const DEFAULT_BATCH = 50;
/** Shopify throttling or an outage while confirming a first-time buyer: ask again shortly. */
const ADMIN_RETRY_MINUTES = 5;

type Scenario = Message & { scenario: ScenarioKey };
type Shops = ReturnType<typeof createShopCache>;
/** Attempts counted for the message being handled, so an unexpected error does not count twice. */
type Progress = { attempts: number | null };

export async function dispatchDue(deps: DispatchDeps, now: Date): Promise<{ outcomes: DispatchOutcome[]; reclaimed: number }> {
  const reclaimed = await resetStaleLeases(deps.db, now);
  const shops = createShopCache(deps.db);
  const handled: string[] = [];
  const outcomes: DispatchOutcome[] = [];
  while (!deps.stopping?.()) {
    const batch = await claimDueMessages(deps.db, {
      workerId: deps.workerId,
      now,
      leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS,
      limit: deps.batchSize ?? DEFAULT_BATCH,
      exclude: handled,
    });
    if (batch.length === 0) break;
    const ordered = await inPriorityOrder(batch, shops);
    for (const [i, m] of ordered.entries()) {
      if (deps.stopping?.()) {
        await releaseClaims(deps.db, ordered.slice(i));
        break;
      }
      const outcome = await handleSafely(deps, now, m, shops);
      // Only a message that may be due again this pass needs excluding: a list of every id handled
      // would outgrow the database's bound-parameter limit after about a thousand messages.
      if (!outcome || (outcome.status === "deferred" && outcome.runAt <= now)) handled.push(m.id);
      if (!outcome) continue;
      outcomes.push(outcome);
      deps.log?.(`dispatch ${outcome.status} ${m.scenario}#${m.step} shop=${m.shop} message=${m.id}${outcome.reason ? ` reason=${reasonCode(outcome.reason)}` : ""}`);
    }
  }
  return { outcomes, reclaimed };
}

async function inPriorityOrder(batch: Message[], shops: Shops): Promise<Message[]> {
  const byShop = new Map<string, Message[]>();
  for (const m of batch) byShop.set(m.shop, [...(byShop.get(m.shop) ?? []), m]);
  const ordered: Message[] = [];
  for (const [domain, messages] of byShop) {
    const priority = (await shops(domain))?.policy.priority ?? DEFAULT_PRIORITY;
    ordered.push(...sortByPriority(messages as Scenario[], priority));
  }
  return ordered;
}

function outcome(m: Message, status: DispatchOutcome["status"], reason: string | null, runAt: Date = m.runAt): DispatchOutcome {
  return { key: m.key, scenario: m.scenario, step: m.step, email: m.email, status, reason, runAt };
}

/** One message's trouble never stops the pass: it is failed as transient and retried with backoff. */
async function handleSafely(deps: DispatchDeps, now: Date, m: Message, shops: Shops): Promise<DispatchOutcome | null> {
  const progress: Progress = { attempts: null };
  try {
    return await handleMessage(deps, now, m, shops, progress);
  } catch (e) {
    const error = `unexpected error: ${e instanceof Error ? e.message : String(e)}`;
    try {
      const attempts = progress.attempts ?? (await recordSendAttempt(deps.db, m));
      if (attempts === null) return null;
      const failed = await failOrRetry(deps.db, m, { now, error, transient: true, attempts, random: deps.random, maxAttempts: deps.maxAttempts });
      return failed && outcome(m, failed.status, failed.reason, failed.status === "deferred" ? failed.runAt : m.runAt);
    } catch (again) {
      deps.log?.(`dispatch error shop=${m.shop} message=${m.id}: could not record a failure (${again instanceof Error ? again.message : String(again)})`);
      return null;
    }
  }
}

async function handleMessage(deps: DispatchDeps, now: Date, m: Message, shops: Shops, progress: Progress): Promise<DispatchOutcome | null> {
  const { db } = deps;
  const shop = await shops(m.shop);
  if (!shop) {
    const reason = reasonText("shop_uninstalled", "the shop is not known to the app");
    return (await markSkipped(db, m, "shop_uninstalled", "the shop is not known to the app")) ? outcome(m, "skipped", reason) : null;
  }
  if (!isScenarioKey(m.scenario)) {
    const reason = `unknown scenario "${m.scenario}"`;
    return (await markFailed(db, m, reason)) ? outcome(m, "failed", reason) : null;
  }
  const msg = m as Scenario;
  const ctx = await loadMessageContext(db, shop, msg, now);
  let verdict: Verdict = evaluateEligibility(eligibilityInput(msg, ctx, now, null));

  // The projection only knows orders since install: Shopify has the final word on "first order".
  if (verdict.action === "send" && SCENARIOS[msg.scenario].firstOrderOnly && msg.customerShopifyId) {
    const count = await deps.admin.customerOrderCount(msg.shop, msg.customerShopifyId);
    if (!count.ok && count.error.kind !== "not_found") {
      verdict = { action: "defer", until: addMinutes(now, ADMIN_RETRY_MINUTES), reason: "send_retry", detail: describeAdminError(count.error) };
    } else {
      verdict = evaluateEligibility(eligibilityInput(msg, ctx, now, count.ok ? count.value === 0 : null));
    }
  }

  switch (verdict.action) {
    case "skip": {
      const reason = reasonText(verdict.reason, verdict.detail);
      return (await markSkipped(db, msg, verdict.reason, verdict.detail)) ? outcome(msg, "skipped", reason) : null;
    }
    case "defer": {
      const reason = reasonText(verdict.reason, verdict.detail);
      return (await markDeferred(db, msg, verdict.until, verdict.reason, verdict.detail)) ? outcome(msg, "deferred", reason, verdict.until) : null;
    }
    case "send":
      return send(deps, now, msg, ctx, shop, progress);
  }
}

async function send(deps: DispatchDeps, now: Date, m: Scenario, ctx: MessageContext, shop: ShopView, progress: Progress): Promise<DispatchOutcome | null> {
  const { db } = deps;
  const scenario = m.scenario;
  if (!isEmailScenario(scenario) || !m.email) {
    const detail = "this scenario is shown in the storefront, not emailed";
    return (await markSkipped(db, m, "no_longer_relevant", detail)) ? outcome(m, "skipped", reasonText("no_longer_relevant", detail)) : null;
  }
  // Decided after eligibility said "send": the holdout group is exactly those who would have received it.
  const holdoutPercent = shop.measurement.holdoutPercent(scenario);
  if (inHoldout(m.shop, scenario, { customerShopifyId: m.customerShopifyId, email: m.email }, holdoutPercent)) {
    const detail = `${holdoutPercent}% of this scenario's audience gets nothing, to measure its lift`;
    return (await markHoldout(db, m, now, detail)) ? outcome(m, "skipped", reasonText("holdout", detail)) : null;
  }
  const attempts = (progress.attempts = await recordSendAttempt(db, m));
  if (attempts === null) return null;
  const retryOrFail = async (error: string, transient: boolean, issued: Coupon | null) => {
    const failed = await failOrRetry(db, m, { now, error, transient, attempts, random: deps.random, maxAttempts: deps.maxAttempts });
    if (!failed) return null;
    if (failed.status === "failed" && issued) await dropReminder(db, issued);
    return outcome(m, failed.status, failed.reason, failed.status === "deferred" ? failed.runAt : m.runAt);
  };

  let coupon = ctx.coupon;
  if (scenario === "welcome") {
    const s = shop.scenarios.settings("welcome");
    const issued = await issueCoupon(
      { db, admin: deps.admin, random: deps.random },
      { shop: m.shop, scenario, issueKey: m.key, email: m.email, customerShopifyId: m.customerShopifyId, percentOff: s.percentOff, daysValid: s.couponDaysValid, now, prefix: "WELCOME" },
    );
    if (!issued.ok) return retryOrFail(`coupon: ${issued.error}`, issued.transient, null);
    coupon = issued.coupon;
  }
  const issuedHere = scenario === "welcome" ? coupon : null;

  const locale = messageLocale(ctx);
  const link = unsubscribeUrl(deps.appUrl, signUnsubscribeToken({ shop: m.shop, email: m.email, messageKey: m.key }, deps.secret));
  const rendered = await composeEmail({
    render: {
      scenario,
      locale,
      template: pickStoredTemplate(shop.scenarios.templates(scenario), locale),
      vars: templateVars(m, ctx, locale, coupon),
      shop: shopIdentity(shop.row),
      unsubscribeUrl: link,
    },
    messageKey: m.key,
    subjectB: abSubjectFor(shop.measurement.abTest(scenario), languageOf(locale)),
    tracking: { appUrl: deps.appUrl, secret: deps.secret, messageId: m.id, unsubscribeUrl: link },
    log: deps.log,
  });
  if (!rendered.ok) {
    const reason = reasonText("template_refused", rendered.error);
    if (!(await markFailed(db, m, reason))) return null;
    if (issuedHere) await dropReminder(db, issuedHere);
    return outcome(m, "failed", reason);
  }

  const identity = shopIdentity(shop.row);
  const result = await deps.transport.send({
    from: { name: identity.senderName, address: identity.senderEmail },
    replyTo: shop.row.replyTo,
    to: m.email,
    subject: rendered.email.subject,
    html: rendered.email.html,
    text: rendered.email.text,
    messageKey: m.key,
    scenario,
    unsubscribeUrl: link,
  });
  if (!result.ok) return retryOrFail(result.error, result.transient, issuedHere);
  const recorded = await markSent(db, m, { at: now, providerMessageId: result.providerMessageId, renderedSubject: rendered.email.subject, locale, variant: rendered.variant });
  return recorded ? outcome(m, "sent", null) : null;
}

/** A code that never reached the shopper must not get an "expires tomorrow" reminder. */
async function dropReminder(db: Db, coupon: Coupon): Promise<void> {
  await db.message.updateMany({
    where: { shop: coupon.shop, scenario: "coupon-expiry", couponCode: coupon.code, status: { in: ["planned", "deferred"] } },
    data: { status: "skipped", reason: reasonText("no_longer_relevant", "the email carrying this code was never delivered") },
  });
}
