// The link in a signup confirmation email: the pending signup's id and the link's end, signed with the
// key for this purpose only. The id alone is unguessable too; the signature also lets a forged or
// truncated link be refused without reading the database.
import { createHmac, timingSafeEqual } from "node:crypto";
import { derivedKey } from "~/.server/security/keys";

/** How long a confirmation link works, and how long an unconfirmed signup is kept. */
export const SIGNUP_CONFIRM_TTL_MS = 48 * 3_600_000;

const mac = (body: string, secret: string) => createHmac("sha256", derivedKey(secret, "signup-confirm")).update(body).digest().subarray(0, 18);

export function signSignupToken(pendingId: string, expiresAt: Date, secret: string): string {
  const body = `${pendingId}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
  return `${body}.${mac(body, secret).toString("base64url")}`;
}

export type SignupTokenCheck = { ok: true; pendingId: string } | { ok: false; reason: "invalid" | "expired" };

export function verifySignupToken(token: unknown, secret: string, now: Date): SignupTokenCheck {
  if (typeof token !== "string" || token.length > 200) return { ok: false, reason: "invalid" };
  const parts = token.split(".");
  // Exactly the signature's 24 characters: base64url decoding would ignore a stray trailing one.
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]{16,64}$/.test(parts[0]) || !/^[0-9a-z]{1,12}$/.test(parts[1]) || !/^[A-Za-z0-9_-]{24}$/.test(parts[2])) {
    return { ok: false, reason: "invalid" };
  }
  const given = Buffer.from(parts[2], "base64url");
  const expected = mac(`${parts[0]}.${parts[1]}`, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  if (parseInt(parts[1], 36) * 1000 < now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, pendingId: parts[0] };
}
