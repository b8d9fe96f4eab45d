// The order projection. `sourceUpdatedAt` is set only once an order's placement has been applied: a
// row created from a later fact (fulfilled, delivered…) that arrived first keeps it null, so the
// placement, when it comes, is still counted exactly once.
import type { Order, Prisma } from "@prisma/client";
import type { OrderFacts } from "~/domain/types";

type Tx = Prisma.TransactionClient;

export type OrderFact = "cancelledAt" | "refundedAt" | "fulfilledAt" | "deliveredAt";

export async function findOrder(tx: Tx, shop: string, shopifyId: string) {
  return tx.order.findUnique({ where: { shop_shopifyId: { shop, shopifyId } } });
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a.getTime() <= b.getTime() ? a : b;
}

function details(facts: OrderFacts) {
  return {
    name: facts.name,
    checkoutToken: facts.checkoutToken,
    customerShopifyId: facts.customer?.shopifyId ?? null,
    email: facts.email?.toLowerCase() ?? null,
    acceptsMarketing: facts.acceptsMarketing,
    discountCodes: JSON.stringify(facts.discountCodes),
    productShopifyId: facts.productShopifyId,
    totalPriceCents: facts.total.cents,
    currency: facts.total.currency,
    financialStatus: facts.financialStatus,
    placedAt: facts.placedAt,
  };
}

/** The order's line items replace those stored before (a later version of the order may change them). */
async function storeLines(tx: Tx, shop: string, facts: OrderFacts): Promise<void> {
  if (!facts.lineItems) return;
  await tx.orderLine.deleteMany({ where: { shop, orderShopifyId: facts.shopifyId } });
  if (facts.lineItems.length === 0) return;
  await tx.orderLine.createMany({
    data: facts.lineItems.map((item, position) => ({
      shop,
      orderShopifyId: facts.shopifyId,
      position,
      productShopifyId: item.productShopifyId ?? null,
      variantShopifyId: item.variantShopifyId ?? null,
      title: item.title,
      variantTitle: item.variantTitle,
      quantity: item.quantity,
      priceCents: item.priceCents,
      currency: facts.total.currency,
      placedAt: facts.placedAt,
    })),
  });
}

/** Records the order; `first` is true only the first time its placement is seen (create and paid both place it). */
export async function placeOrder(tx: Tx, shop: string, facts: OrderFacts, found?: { order: Order | null }): Promise<{ first: boolean }> {
  const existing = found ? found.order : await findOrder(tx, shop, facts.shopifyId);
  if (!existing) {
    await tx.order.create({
      data: { shop, shopifyId: facts.shopifyId, ...details(facts), cancelledAt: facts.cancelledAt, sourceUpdatedAt: facts.updatedAt },
    });
    await storeLines(tx, shop, facts);
    return { first: true };
  }
  const first = existing.sourceUpdatedAt === null;
  const newer = first || facts.updatedAt.getTime() >= existing.sourceUpdatedAt!.getTime();
  await tx.order.update({
    where: { id: existing.id },
    data: {
      ...(newer ? { ...details(facts), sourceUpdatedAt: facts.updatedAt } : {}),
      cancelledAt: earliest(existing.cancelledAt, facts.cancelledAt),
    },
  });
  if (newer) await storeLines(tx, shop, facts);
  return { first };
}

/**
 * A later fact about an order, sticky at its earliest time. An order the app has not seen yet gets a
 * row anyway, so the fact is there when the placement (or a send-time check) looks for it.
 */
export async function markOrder(tx: Tx, shop: string, shopifyId: string, fact: OrderFact, at: Date, facts: OrderFacts | null): Promise<void> {
  const existing = await findOrder(tx, shop, shopifyId);
  if (!existing) {
    await tx.order.create({
      data: { shop, shopifyId, ...(facts ? details(facts) : { placedAt: at }), [fact]: at },
    });
    return;
  }
  await tx.order.update({ where: { id: existing.id }, data: { [fact]: earliest(existing[fact], at) } });
}

/** Our codes used on this order stop being reminded about; the first order to use one keeps it. */
export async function redeemCoupons(tx: Tx, shop: string, order: OrderFacts): Promise<string[]> {
  if (order.discountCodes.length === 0) return [];
  const unused = await tx.coupon.findMany({ where: { shop, code: { in: order.discountCodes }, usedAt: null }, select: { id: true, code: true } });
  for (const coupon of unused) {
    await tx.coupon.update({ where: { id: coupon.id }, data: { usedAt: order.placedAt, usedByOrder: order.shopifyId } });
  }
  return unused.map((c) => c.code);
}
