// One-click unsubscribe: a signed link in every email, and the suppression it records.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "~/db.server";
import { derivedKey } from "~/.server/security/keys";
import { skipWaiting } from "~/.server/queue/complete";
import { recordUnsubscribe } from "./events";

export type UnsubscribePayload = { shop: string; email: string; messageKey: string };

function hmac(body: string, key: Buffer | string): Buffer {
  return createHmac("sha256", key).update(body).digest();
}

/**
 * The keys a link may be signed with: the derived one every new link gets, then the raw app secret
 * that signed links before it. The law wants an unsubscribe link to work as long as the email can be
 * read, so links already delivered are accepted for good; nothing is signed with the raw secret now.
 */
function verifyingKeys(secret: string): (Buffer | string)[] {
  return [derivedKey(secret, "unsubscribe"), secret];
}

/** `<base64url JSON>.<base64url HMAC-SHA256>`. No expiry: an unsubscribe link must keep working. */
export function signUnsubscribeToken(p: UnsubscribePayload, secret: string): string {
  const body = Buffer.from(JSON.stringify({ s: p.shop, e: p.email.toLowerCase(), k: p.messageKey })).toString("base64url");
  return `${body}.${hmac(body, derivedKey(secret, "unsubscribe")).toString("base64url")}`;
}

export function verifyUnsubscribeToken(token: string, secret: string): { ok: true; payload: UnsubscribePayload } | { ok: false; reason: string } {
  if (typeof token !== "string" || token.length > 4096) return { ok: false, reason: "malformed token" };
  const parts = token.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: "malformed token" };
  const [body, signature] = parts;
  const given = Buffer.from(signature, "base64url");
  const signed = verifyingKeys(secret).some((key) => {
    const expected = hmac(body, key);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!signed) return { ok: false, reason: "bad signature" };
  try {
    const data: unknown = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    const { s, e, k } = (data ?? {}) as Record<string, unknown>;
    if (typeof s !== "string" || typeof e !== "string" || typeof k !== "string" || !s || !e) return { ok: false, reason: "incomplete token" };
    return { ok: true, payload: { shop: s, email: e, messageKey: k } };
  } catch {
    return { ok: false, reason: "unreadable token" };
  }
}

export function unsubscribeUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, "")}/unsubscribe?token=${encodeURIComponent(token)}`;
}

/**
 * Suppresses the address for the shop and, in the same transaction, skips every message still
 * waiting for it. Calling it again changes nothing.
 */
export async function unsubscribe(
  db: Db,
  p: { shop: string; email: string; messageKey: string | null; at: Date },
): Promise<{ alreadyUnsubscribed: boolean; skippedMessages: number }> {
  const email = p.email.trim().toLowerCase();
  return db.$transaction(async (tx) => {
    const existing = await tx.suppression.findUnique({ where: { shop_email: { shop: p.shop, email } } });
    // Written back to Shopify's customer record by the jobs process (~/.server/shopify/consent-sync).
    const writeBack = { shopifySync: "pending", shopifySyncAttempts: 0, shopifySyncAfter: null, shopifySyncError: null };
    if (!existing) await tx.suppression.create({ data: { shop: p.shop, email, reason: "unsubscribed", createdAt: p.at, ...writeBack } });
    // A bounce suppressed the address already; the shopper's own choice is the stronger record.
    else if (existing.reason !== "unsubscribed") await tx.suppression.update({ where: { id: existing.id }, data: { reason: "unsubscribed", createdAt: p.at, ...writeBack } });
    const skipped = await skipWaiting(tx, { shop: p.shop, email }, "unsubscribed");
    if (p.messageKey) await recordUnsubscribe(tx, p.messageKey, p.at);
    return { alreadyUnsubscribed: existing?.reason === "unsubscribed", skippedMessages: skipped };
  });
}

export type UnsubscribePage =
  /** `test`: the link came in a merchant's test send, which must not unsubscribe the merchant. */
  /** `senderName`, `timeZone`: for the receipt the page shows once the address is unsubscribed. */
  | { ok: true; shopName: string; senderName: string; timeZone: string; locale: string; email: string; test: boolean }
  | { ok: false; locale: string; reason: string };

async function resolveLink(db: Db, token: string | null, secret: string) {
  const verdict = verifyUnsubscribeToken(token ?? "", secret);
  if (!verdict.ok) return { page: { ok: false, locale: "en", reason: verdict.reason } as const, payload: null };
  const shop = await db.shop.findUnique({ where: { domain: verdict.payload.shop } });
  const message = await db.message.findUnique({ where: { key: verdict.payload.messageKey }, select: { test: true, locale: true } });
  const shopName = shop?.name ?? verdict.payload.shop;
  const page = {
    ok: true,
    shopName,
    senderName: shop?.senderName ?? shopName,
    timeZone: shop?.timezone ?? "UTC",
    // The language the email was written in, which is the reader's.
    locale: message?.locale ?? shop?.locale ?? "en",
    email: verdict.payload.email,
    test: message?.test ?? false,
  } as const;
  return { page, payload: verdict.payload };
}

/** What the confirmation page shows for a link, before anything changes. */
export async function describeUnsubscribeLink(db: Db, token: string | null, secret: string): Promise<UnsubscribePage> {
  return (await resolveLink(db, token, secret)).page;
}

/** The POST behind the link (the page's button or a mail client's RFC 8058 one-click). */
export async function unsubscribeWithToken(
  db: Db,
  token: string | null,
  secret: string,
  at: Date,
): Promise<(UnsubscribePage & { ok: true; alreadyUnsubscribed: boolean }) | (UnsubscribePage & { ok: false })> {
  const { page, payload } = await resolveLink(db, token, secret);
  if (!page.ok || !payload) return { ok: false, locale: page.locale, reason: page.ok ? "invalid token" : page.reason };
  if (page.test) return { ...page, alreadyUnsubscribed: false };
  const result = await unsubscribe(db, { ...payload, at });
  return { ...page, alreadyUnsubscribed: result.alreadyUnsubscribed };
}
