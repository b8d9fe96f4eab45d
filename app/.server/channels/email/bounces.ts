// A receiving server that refuses a recipient for good (5xx at RCPT TO or after DATA) has answered
// for every later email too: the address is suppressed for the shop, so nothing more is tried, and
// each later message records why it was skipped.
import type { Db } from "~/db.server";

/** Idempotent. An unsubscribe already recorded stays the reason: the shopper's own choice is the stronger record. */
export async function recordBounce(db: Db, p: { shop: string; email: string; at: Date }): Promise<void> {
  const email = p.email.trim().toLowerCase();
  await db.suppression.upsert({
    where: { shop_email: { shop: p.shop, email } },
    create: { shop: p.shop, email, reason: "bounced", createdAt: p.at },
    update: {},
  });
}
