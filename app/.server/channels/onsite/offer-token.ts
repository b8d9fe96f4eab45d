// The modal may ask for a code only after the app offered one: /offer hands out a short-lived token
// signed by the server and bound to the shop, the visitor and the offer, and /reveal requires it. A
// script can no longer mint codes by posting /reveal with invented visitor ids; what it can still do
// (ask /offer first) is bounded by the caps in code-caps.ts.
import { createHmac, timingSafeEqual } from "node:crypto";
import { derivedKey } from "~/.server/security/keys";

/** Long enough for a shopper to read the modal and decide. */
export const OFFER_TOKEN_TTL_MS = 30 * 60_000;

type Claim = { shop: string; visitorId: string; offer: string };

const mac = (body: string, secret: string) => createHmac("sha256", derivedKey(secret, "offer-token")).update(body).digest().subarray(0, 16);

export function signOfferToken(claim: Claim, secret: string, now: Date): string {
  const body = Buffer.from(JSON.stringify({ s: claim.shop, v: claim.visitorId, o: claim.offer, e: now.getTime() + OFFER_TOKEN_TTL_MS })).toString("base64url");
  return `${body}.${mac(body, secret).toString("base64url")}`;
}

export function verifyOfferToken(token: unknown, claim: Claim, secret: string, now: Date): { ok: true } | { ok: false; reason: string } {
  if (typeof token !== "string" || token.length > 1024) return { ok: false, reason: "the offer's token is missing" };
  const [body, signature] = token.split(".");
  // The signature's exact 22 characters: base64url decoding would ignore a stray trailing one.
  if (!body || !signature || !/^[A-Za-z0-9_-]{22}$/.test(signature)) return { ok: false, reason: "the offer's token is malformed" };
  const given = Buffer.from(signature, "base64url");
  const expected = mac(body, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "the offer's token is not ours" };
  let data: { s?: unknown; v?: unknown; o?: unknown; e?: unknown };
  try {
    data = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as typeof data;
  } catch {
    return { ok: false, reason: "the offer's token is malformed" };
  }
  if (data.s !== claim.shop || data.v !== claim.visitorId || data.o !== claim.offer) return { ok: false, reason: "the offer's token was given to another visitor or offer" };
  if (typeof data.e !== "number" || data.e < now.getTime()) return { ok: false, reason: "the offer has expired: reload the page" };
  return { ok: true };
}
