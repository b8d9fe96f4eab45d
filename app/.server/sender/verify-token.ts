// The link in a sender verification email: which shop, which address and until when, signed with the
// key for this purpose only. Binding the address means a link proves only the address it was sent to:
// once the shop's sender address has changed, an older link verifies nothing.
import { createHmac, timingSafeEqual } from "node:crypto";
import { derivedKey } from "~/.server/security/keys";

export type SenderClaim = { shop: string; email: string; expiresAt: Date };

/** Longer than any real shop domain and address together, short enough to refuse junk before parsing. */
const MAX_TOKEN_LENGTH = 1_000;

const mac = (body: string, secret: string) => createHmac("sha256", derivedKey(secret, "sender-verify")).update(body).digest();

export function signSenderToken(c: SenderClaim, secret: string): string {
  const body = Buffer.from(JSON.stringify({ s: c.shop, e: c.email.trim().toLowerCase(), x: Math.floor(c.expiresAt.getTime() / 1000) })).toString("base64url");
  return `${body}.${mac(body, secret).toString("base64url")}`;
}

export type SenderTokenCheck = { ok: true; claim: SenderClaim } | { ok: false; reason: "invalid" | "expired" };

export function verifySenderToken(token: unknown, secret: string, now: Date): SenderTokenCheck {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "invalid" };
  const parts = token.split(".");
  // Exactly the signature's 43 characters: base64url decoding would ignore a stray trailing one.
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]{43}$/.test(parts[1])) return { ok: false, reason: "invalid" };
  const given = Buffer.from(parts[1], "base64url");
  const expected = mac(parts[0], secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "invalid" };
  }
  const { s, e, x } = (data ?? {}) as Record<string, unknown>;
  if (typeof s !== "string" || typeof e !== "string" || typeof x !== "number" || !s || !e) return { ok: false, reason: "invalid" };
  if (x * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, claim: { shop: s, email: e, expiresAt: new Date(x * 1000) } };
}

export const senderVerifyUrl = (appUrl: string, token: string) => `${appUrl.replace(/\/+$/, "")}/sender/verify?token=${encodeURIComponent(token)}`;
