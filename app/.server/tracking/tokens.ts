// Signed tracking tokens for the open pixel, click redirects and the storefront's "came from our
// email" reference. The message id (and for a click, the destination) is inside the signed body, so a
// token can neither be replayed onto another message nor turned into an open redirect.
import { createHmac, timingSafeEqual } from "node:crypto";
import { derivedKey, type KeyPurpose } from "~/.server/security/keys";

export type TrackingClaim =
  | { kind: "open"; messageId: string }
  | { kind: "click"; messageId: string; url: string }
  /** Appended to links into the store: lets the storefront ask "did this visitor come from our email?". */
  | { kind: "ref"; messageId: string };

export type TrackingVerdict = { ok: true; claim: TrackingClaim } | { ok: false; reason: string };

const KIND_CODES = { open: "o", click: "c", ref: "r" } as const;
const CODE_KINDS = new Map<unknown, TrackingClaim["kind"]>([["o", "open"], ["c", "click"], ["r", "ref"]]);
const MAX_TOKEN = 4096;

/**
 * How each kind is signed: first the key it is issued with, then the schemes still accepted.
 * "legacy" is the HMAC under the raw app secret that came before each kind had its own HKDF key.
 * Emails already delivered carry open and click tokens signed that way and stay in inboxes for years,
 * so their pixel and links keep working; nothing is issued that way any more. A storefront reference
 * is minted at the click and kept in the visitor's session storage only, so it needs no legacy scheme.
 */
type Scheme = Extract<KeyPurpose, "tracking" | "storefront-ref"> | "legacy";
const SCHEMES: Record<TrackingClaim["kind"], readonly [Scheme, ...Scheme[]]> = {
  open: ["tracking", "legacy"],
  click: ["tracking", "legacy"],
  ref: ["storefront-ref"],
};
/** What the legacy scheme prefixed, so that its MACs never matched an unsubscribe token's. */
const LEGACY_CONTEXT = "crm-tracking-v1:";

function mac(body: string, secret: string, scheme: Scheme): Buffer {
  const hmac = scheme === "legacy" ? createHmac("sha256", secret).update(LEGACY_CONTEXT) : createHmac("sha256", derivedKey(secret, scheme));
  return hmac.update(body).digest().subarray(0, 16);
}

function readBody(body: string): Record<string, unknown> | null {
  try {
    const data: unknown = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    return data !== null && typeof data === "object" ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function signTracking(claim: TrackingClaim, secret: string): string {
  const data: Record<string, string> = { k: KIND_CODES[claim.kind], m: claim.messageId };
  if (claim.kind === "click") data.u = claim.url;
  const body = Buffer.from(JSON.stringify(data)).toString("base64url");
  return `${body}.${mac(body, secret, SCHEMES[claim.kind][0]).toString("base64url")}`;
}

/** Verifies a token; `expect` refuses a valid token of another kind (an open token used as a click). */
export function verifyTracking(token: unknown, secret: string, expect?: TrackingClaim["kind"]): TrackingVerdict {
  if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN) return { ok: false, reason: "malformed token" };
  const parts = token.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: "malformed token" };
  const [body, signature] = parts;
  // The kind names the key to check with; it is part of the signed body, so it cannot be swapped.
  const data = readBody(body);
  const kind = data ? CODE_KINDS.get(data.k) : undefined;
  const given = Buffer.from(signature, "base64url");
  const signed = kind !== undefined && SCHEMES[kind].some((scheme) => {
    const expected = mac(body, secret, scheme);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!data || !kind || !signed) return { ok: false, reason: "bad signature" };
  const messageId = data.m;
  if (typeof messageId !== "string" || !messageId) return { ok: false, reason: "incomplete token" };
  if (expect && kind !== expect) return { ok: false, reason: `a ${kind} token used as a ${expect} token` };
  if (kind === "click") {
    if (typeof data.u !== "string" || !/^https?:\/\//i.test(data.u)) return { ok: false, reason: "incomplete token" };
    return { ok: true, claim: { kind, messageId, url: data.u } };
  }
  return { ok: true, claim: { kind, messageId } };
}
