// An unsubscribe must outlive the erasure of the person who asked for it, or the next import of
// their address would mail them again. What survives is a one-way digest, never the address.
import { createHash } from "node:crypto";

const PREFIX = "sha256:";

/** The stand-in stored in `Suppression.email` once the address itself has been erased. */
export function erasedSuppressionKey(shop: string, email: string): string {
  const digest = createHash("sha256").update(`suppression\u0000${shop}\u0000${email.trim().toLowerCase()}`).digest("hex");
  return `${PREFIX}${digest}`;
}

/** Every value under which a suppression of this address may be stored. */
export function suppressionKeys(shop: string, email: string): string[] {
  const lower = email.trim().toLowerCase();
  return [lower, erasedSuppressionKey(shop, lower)];
}
