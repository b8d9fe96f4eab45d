// Signed tracking tokens for the open pixel, click redirects and the storefront's "came from our
// email" reference. The message id (and for a click, the destination) is inside the signed body, so a
// token can neither be replayed onto another message nor turned into an open redirect.
import { createHmac, timingSafeEqual } from "node:crypto";

export type TrackingClaim =
  | { kind: "open"; messageId: string }
  | { kind: "click"; messageId: string; url: string }
  /** Appended to links into the store: lets the storefront ask "did this visitor come from our email?". */
  | { kind: "ref"; messageId: string };

export type TrackingVerdict = { ok: true; claim: TrackingClaim } | { ok: false; reason: string };

const KIND_CODES = { open: "o", click: "c", ref: "r" } as const;
const CODE_KINDS: Record<string, TrackingClaim["kind"]> = { o: "open", c: "click", r: "ref" };
/** Domain separation: an unsubscribe token (or any other HMAC of ours) never verifies here. */
const CONTEXT = "crm-tracking-v1:";
const MAX_TOKEN = 4096;

function mac(body: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(CONTEXT + body).digest().subarray(0, 16);
}

export function signTracking(claim: TrackingClaim, secret: string): string {
  const data: Record<string, string> = { k: KIND_CODES[claim.kind], m: claim.messageId };
  if (claim.kind === "click") data.u = claim.url;
  const body = Buffer.from(JSON.stringify(data)).toString("base64url");
  return `${body}.${mac(body, secret).toString("base64url")}`;
}

/** Verifies a token; `expect` refuses a valid token of another kind (an open token used as a click). */
export function verifyTracking(token: unknown, secret: string, expect?: TrackingClaim["kind"]): TrackingVerdict {
  if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN) return { ok: false, reason: "malformed token" };
  const parts = token.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: "malformed token" };
  const [body, signature] = parts;
  const given = Buffer.from(signature, "base64url");
  const expected = mac(body, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad signature" };
  let data: Record<string, unknown>;
  try {
    data = (JSON.parse(Buffer.from(body, "base64url").toString("utf8")) ?? {}) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: "unreadable token" };
  }
  const kind = typeof data.k === "string" ? CODE_KINDS[data.k] : undefined;
  const messageId = data.m;
  if (!kind || typeof messageId !== "string" || !messageId) return { ok: false, reason: "incomplete token" };
  if (expect && kind !== expect) return { ok: false, reason: `a ${kind} token used as a ${expect} token` };
  if (kind === "click") {
    if (typeof data.u !== "string" || !/^https?:\/\//i.test(data.u)) return { ok: false, reason: "incomplete token" };
    return { ok: true, claim: { kind, messageId, url: data.u } };
  }
  return { ok: true, claim: { kind, messageId } };
}
