// The checkout projection: the cart a shopper left, and whether an order has since completed it.
import type { Prisma } from "@prisma/client";
import type { CheckoutFacts } from "~/domain/types";

type Tx = Prisma.TransactionClient;

/**
 * Details follow the newest updated_at; completion is sticky, whichever delivery carries it. An order
 * that arrived before its checkout's webhook completes the checkout on creation.
 */
export async function upsertCheckout(tx: Tx, shop: string, facts: CheckoutFacts): Promise<void> {
  const existing = await tx.checkout.findUnique({ where: { shop_token: { shop, token: facts.token } } });
  const details = {
    email: facts.email?.toLowerCase() ?? null,
    customerShopifyId: facts.customerShopifyId,
    firstName: facts.firstName,
    locale: facts.locale,
    recoveryUrl: facts.recoveryUrl,
    acceptsMarketing: facts.acceptsMarketing,
    lineItems: JSON.stringify(facts.lineItems),
    totalPriceCents: facts.total.cents,
    currency: facts.total.currency,
    sourceUpdatedAt: facts.updatedAt,
  };
  if (!existing) {
    const order = await tx.order.findFirst({ where: { shop, checkoutToken: facts.token }, orderBy: { placedAt: "asc" } });
    await tx.checkout.create({
      data: {
        shop,
        token: facts.token,
        startedAt: facts.createdAt,
        ...details,
        completedAt: order?.placedAt ?? facts.completedAt,
        completedByOrder: order?.shopifyId ?? null,
      },
    });
    return;
  }
  const newer = !existing.sourceUpdatedAt || facts.updatedAt.getTime() >= existing.sourceUpdatedAt.getTime();
  await tx.checkout.update({
    where: { id: existing.id },
    data: {
      ...(newer ? details : {}),
      completedAt: existing.completedAt ?? facts.completedAt,
    },
  });
}

export async function completeCheckout(tx: Tx, shop: string, token: string, orderShopifyId: string, at: Date): Promise<void> {
  await tx.checkout.updateMany({
    where: { shop, token, completedByOrder: null },
    data: { completedByOrder: orderShopifyId },
  });
  await tx.checkout.updateMany({ where: { shop, token, completedAt: null }, data: { completedAt: at } });
}
