// One key per kind of token, derived from the app secret with HKDF (RFC 5869): a token of one kind
// never verifies as another, and no token is signed with the raw Shopify secret itself.
import { hkdfSync } from "node:crypto";

// session-encryption: only where CRM_ENCRYPTION_KEY is unset outside production (demo, tests, `shopify app dev`).
export type KeyPurpose =
  | "offer-token"
  | "session-encryption"
  | "signup-confirm"
  /** Open pixels and click redirects in sent emails (~/.server/tracking/tokens). */
  | "tracking"
  /** `crm_ref`, the "came from our email" reference handed to the storefront at a click. */
  | "storefront-ref"
  | "unsubscribe"
  /** The link that proves a merchant reads their sender address (~/.server/sender/verify-token). */
  | "sender-verify";

const cache = new Map<string, Buffer>();

export function derivedKey(secret: string, purpose: KeyPurpose): Buffer {
  const id = `${purpose}\u0000${secret}`;
  let key = cache.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "timing-crm", `timing-crm/${purpose}/v1`, 32));
    cache.set(id, key);
  }
  return key;
}
