// One first-order code per person: a shopper who took a code in the exit-intent modal and then signed
// up gets that same code in the welcome email, not a second one (two codes for one first order read as
// a mistake, and the second would outlive the first in the shopper's inbox).
import type { Coupon } from "@prisma/client";
import type { Db } from "~/db.server";

export type FirstOrderHolder = { shop: string; email: string; customerShopifyId: string | null; now: Date };

/**
 * The person's unexpired, unused modal code, newest first; null when they hold none. A code the
 * welcome already issued for its message wins (a retry keeps what the first attempt made).
 */
export async function reusableFirstOrderCode(db: Db, who: FirstOrderHolder, issueKey: string): Promise<Coupon | null> {
  if (await db.coupon.findUnique({ where: { issueKey }, select: { id: true } })) return null;
  const holders = [{ email: who.email.toLowerCase() }, ...(who.customerShopifyId ? [{ customerShopifyId: who.customerShopifyId }] : [])];
  return db.coupon.findFirst({
    where: { shop: who.shop, scenario: "exit-intent", status: "active", usedAt: null, endsAt: { gt: who.now }, OR: holders },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
}
