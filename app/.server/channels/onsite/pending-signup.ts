// Double opt-in for the modal's signup. Anyone can type any address into a storefront form, so a
// signup only stores a pending consent and emails the address a signed link; the address is
// subscribed in Shopify (CONFIRMED_OPT_IN, which starts the welcome) only when that link is used.
// Confirmation emails are capped per address and per client address per day, a failed one is retried
// by the jobs process, and an unconfirmed signup is purged once its link has expired.
import { randomBytes } from "node:crypto";
import type { PendingSignup, Shop } from "@prisma/client";
import type { Db } from "~/db.server";
import { createEmailTransport, type EmailTransport } from "~/.server/channels/email/transport";
import type { Env } from "~/env.server";
import { renderSignupConfirmation } from "~/.server/channels/email/signup-confirmation";
import { languageOf } from "~/.server/channels/email/variables";
import { suppressionKeys } from "~/.server/compliance/suppression-key";
import { log } from "~/.server/log";
import { shopIdentity } from "~/.server/dispatch/facts";
import { addressDigest, countOne, dayOf, endOfDay } from "./code-caps";
import { SIGNUP_CONFIRM_TTL_MS, signSignupToken } from "./signup-token";
import { senderFor } from "~/domain/sender";

/** A person signing up twice, or mistyping once: more than this to one address in a day is a script. */
export const CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3;
/** A household or an office signing up several people; beyond it, a script using the shop as a mail cannon. */
export const CONFIRMATIONS_PER_IP_PER_DAY = 10;
/** How long one instance holds a confirmation it is sending before another may try it. */
const SEND_LEASE_MS = 10 * 60_000;
const MAX_ATTEMPTS = 6;
const RETRY_AFTER_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 3 * 60 * 60_000];

export type SignupMail = {
  transport: EmailTransport;
  /** The app's public address: the confirmation link points at it. */
  appUrl: string;
  /** The From and Reply-To the shop's email goes out with. */
  sender: (shop: Shop) => { from: { name: string; address: string }; replyTo: string | null };
};

/** The process's mail for confirmations: its own SMTP pool (or the outbox), the shop's sender. */
export function createSignupMail(config: Env): SignupMail {
  return {
    transport: createEmailTransport({ smtpUrl: config.smtpUrl, outboxDir: config.outboxDir }),
    appUrl: config.appUrl,
    sender: (shop) => senderFor(shop, config.defaultFrom),
  };
}

export type ConfirmationDeps = { db: Db; secret: string; signupMail: SignupMail };

export const confirmUrl = (appUrl: string, token: string) => `${appUrl.replace(/\/+$/, "")}/signup/confirm?token=${encodeURIComponent(token)}`;

export type ConfirmationRequest = {
  shop: Shop;
  email: string;
  visitorId: string;
  customerShopifyId: string | null;
  locale: string | null;
  ip: string;
};

export type ConfirmationAnswer = { ok: true } | { ok: false; status: 429; error: string };

/** Stores the pending signup and sends its confirmation email at once (retried later if that fails). */
export async function requestConfirmation(deps: ConfirmationDeps, r: ConfirmationRequest, now: Date): Promise<ConfirmationAnswer> {
  const { db } = deps;
  const shop = r.shop.domain;
  const until = endOfDay(now);
  const ipCount = await countOne(db, shop, `signup:ip:${shop}:${addressDigest(shop, r.ip)}:${dayOf(now)}`, until);
  if (ipCount > CONFIRMATIONS_PER_IP_PER_DAY) {
    return { ok: false, status: 429, error: "Too many signups from this network today. Please try again tomorrow." };
  }
  // Answered like a success: the earlier emails' links still work, and a script learns nothing.
  const addressCount = await countOne(db, shop, `signup:email:${shop}:${addressDigest(shop, r.email)}:${dayOf(now)}`, until);
  if (addressCount > CONFIRMATIONS_PER_ADDRESS_PER_DAY) {
    log.info({ shop, reason: "confirmation_cap" }, `signup confirmation not sent: ${CONFIRMATIONS_PER_ADDRESS_PER_DAY} already sent to this address today`);
    return { ok: true };
  }
  const refused = await db.suppression.findFirst({
    where: { shop, email: { in: suppressionKeys(shop, r.email) }, reason: { in: ["bounced", "complaint"] } },
    select: { reason: true },
  });
  if (refused) {
    log.info({ shop, reason: `suppressed_${refused.reason}` }, "signup confirmation not sent: the address bounced or complained before");
    return { ok: true };
  }

  const row = await db.pendingSignup.create({
    data: {
      id: randomBytes(18).toString("base64url"),
      shop,
      email: r.email,
      visitorId: r.visitorId,
      customerShopifyId: r.customerShopifyId,
      locale: r.locale,
      addressDigest: addressDigest(shop, r.ip),
      status: "pending",
      createdAt: now,
      expiresAt: new Date(now.getTime() + SIGNUP_CONFIRM_TTL_MS),
      // This request holds the send; should it die mid-way, the jobs process takes it over after the lease.
      nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS),
    },
  });
  await sendConfirmation(deps, r.shop, row, now);
  return { ok: true };
}

async function sendConfirmation(deps: ConfirmationDeps, shop: Shop, row: PendingSignup, now: Date): Promise<void> {
  const { db, signupMail } = deps;
  const rendered = await renderSignupConfirmation({
    lang: languageOf(row.locale ?? shop.locale),
    shop: shopIdentity(shop, signupMail.appUrl),
    email: row.email,
    confirmUrl: confirmUrl(signupMail.appUrl, signSignupToken(row.id, row.expiresAt, deps.secret)),
    validHours: Math.round(SIGNUP_CONFIRM_TTL_MS / 3_600_000),
  });
  const attempts = row.emailAttempts + 1;
  if (!rendered.ok) {
    await db.pendingSignup.update({ where: { id: row.id }, data: { emailAttempts: attempts, emailError: rendered.error, nextAttemptAt: null } });
    log.error({ shop: shop.domain, signup: row.id, error: rendered.error }, "signup confirmation could not be rendered");
    return;
  }
  const sender = signupMail.sender(shop);
  const result = await signupMail.transport.send({
    from: sender.from,
    replyTo: sender.replyTo,
    to: row.email,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    // One Message-ID per pending signup: a retry that did arrive the first time is a recognisable duplicate.
    messageKey: `${shop.domain}:signup-confirm:${row.id}`,
    scenario: "signup-confirm",
    unsubscribeUrl: "",
  });
  if (result.ok) {
    await db.pendingSignup.update({ where: { id: row.id }, data: { emailSentAt: now, emailAttempts: attempts, emailError: null, nextAttemptAt: null } });
    return;
  }
  const retry = result.transient && attempts < MAX_ATTEMPTS;
  const next = retry ? new Date(now.getTime() + RETRY_AFTER_MS[Math.min(attempts - 1, RETRY_AFTER_MS.length - 1)]) : null;
  await db.pendingSignup.update({ where: { id: row.id }, data: { emailAttempts: attempts, emailError: result.error, nextAttemptAt: next } });
  log.warn({ shop: shop.domain, signup: row.id, attempts, retry, error: result.error }, "signup confirmation not sent");
}

/** Confirmation emails whose first send failed, or whose sender died: sent by the jobs process. */
export async function retryConfirmations(deps: ConfirmationDeps, now: Date, limit = 50): Promise<number> {
  const { db } = deps;
  const due = await db.pendingSignup.findMany({
    where: { status: "pending", emailSentAt: null, nextAttemptAt: { lte: now }, expiresAt: { gt: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
  });
  let sent = 0;
  for (const row of due) {
    const claimed = await db.pendingSignup.updateMany({
      where: { id: row.id, emailSentAt: null, nextAttemptAt: row.nextAttemptAt },
      data: { nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS) },
    });
    if (claimed.count !== 1) continue;
    const shop = await db.shop.findUnique({ where: { domain: row.shop } });
    if (!shop || shop.uninstalledAt) {
      await db.pendingSignup.update({ where: { id: row.id }, data: { nextAttemptAt: null, emailError: "not sent: the shop uninstalled the app" } });
      continue;
    }
    await sendConfirmation(deps, shop, row, now);
    if ((await db.pendingSignup.count({ where: { id: row.id, emailSentAt: { not: null } } })) === 1) sent++;
  }
  return sent;
}

/** Unconfirmed signups whose link has expired (run by the daily purge). Confirmed ones stay as the record of consent. */
export async function purgeExpiredSignups(db: Db, now: Date): Promise<number> {
  return (await db.pendingSignup.deleteMany({ where: { status: "pending", expiresAt: { lte: now } } })).count;
}
