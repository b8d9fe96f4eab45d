// The customer projection: who they are, their consent, and their order history as this app has seen it.
import type { Customer, Prisma } from "@prisma/client";
import type { CustomerFacts, EmailConsent, OrderFacts } from "~/domain/types";

type Tx = Prisma.TransactionClient;

export async function findCustomer(tx: Tx, shop: string, by: { shopifyId?: string | null; email?: string | null }) {
  if (by.shopifyId) {
    const found = await tx.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId: by.shopifyId } } });
    if (found) return found;
  }
  if (by.email) return tx.customer.findFirst({ where: { shop, email: by.email.toLowerCase() }, orderBy: { ordersCount: "desc" } });
  return null;
}

/** How an order's buyer is looked up: by their customer id, or for a guest order by its email. */
export function buyerLookup(order: OrderFacts): { shopifyId?: string | null; email?: string | null } {
  return order.customer ? { shopifyId: order.customer.shopifyId } : { email: order.email };
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a.getTime() <= b.getTime() ? a : b;
}

/**
 * Profile fields follow the newest version Shopify has sent, judged by the payload's own updated_at
 * (or the event time without one), so a late, older delivery never overwrites a newer name.
 */
export async function upsertCustomer(tx: Tx, shop: string, facts: CustomerFacts, at: Date): Promise<void> {
  const version = facts.updatedAt ?? at;
  const existing = await tx.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId: facts.shopifyId } } });
  if (!existing) {
    await tx.customer.create({
      data: {
        shop,
        shopifyId: facts.shopifyId,
        email: facts.email?.toLowerCase() ?? null,
        firstName: facts.firstName,
        lastName: facts.lastName,
        locale: facts.locale,
        signedUpAt: facts.createdAt,
        sourceUpdatedAt: version,
      },
    });
    return;
  }
  const newer = !existing.sourceUpdatedAt || version.getTime() >= existing.sourceUpdatedAt.getTime();
  await tx.customer.update({
    where: { id: existing.id },
    data: {
      signedUpAt: earliest(existing.signedUpAt, facts.createdAt),
      ...(newer
        ? {
            email: facts.email?.toLowerCase() ?? existing.email,
            firstName: facts.firstName ?? existing.firstName,
            lastName: facts.lastName ?? existing.lastName,
            locale: facts.locale ?? existing.locale,
            sourceUpdatedAt: version,
          }
        : {}),
    },
  });
}

/** Consent follows its own clock: a late "not_subscribed" from before an opt-in is ignored. */
export async function applyConsent(tx: Tx, shop: string, change: { customerShopifyId: string; email: string | null; consent: EmailConsent; at: Date }): Promise<void> {
  const existing = await tx.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId: change.customerShopifyId } } });
  const email = change.email?.toLowerCase() ?? null;
  if (!existing) {
    await tx.customer.create({
      data: { shop, shopifyId: change.customerShopifyId, email, emailConsent: change.consent, consentUpdatedAt: change.at },
    });
    return;
  }
  if (existing.consentUpdatedAt && change.at.getTime() < existing.consentUpdatedAt.getTime()) return;
  await tx.customer.update({
    where: { id: existing.id },
    data: { emailConsent: change.consent, consentUpdatedAt: change.at, email: existing.email ?? email },
  });
}

/**
 * Counts a newly seen order for its buyer, creating the customer the order names if the app has not
 * met them (their consent stays unknown: an order says nothing about email marketing).
 * A guest order counts for a known customer with the same email, so first-order offers stay honest.
 */
export async function countOrderForCustomer(tx: Tx, shop: string, order: OrderFacts, found?: { customer: Customer | null }): Promise<Customer | null> {
  let customer = found ? found.customer : await findCustomer(tx, shop, buyerLookup(order));
  if (!customer && order.customer) {
    const c = order.customer;
    customer = await tx.customer.create({
      data: {
        shop,
        shopifyId: c.shopifyId,
        email: (c.email ?? order.email)?.toLowerCase() ?? null,
        firstName: c.firstName,
        lastName: c.lastName,
        locale: c.locale,
        signedUpAt: c.createdAt,
        sourceUpdatedAt: c.updatedAt,
      },
    });
  }
  if (!customer) return null;
  const last = customer.lastOrderAt && customer.lastOrderAt.getTime() > order.placedAt.getTime() ? customer.lastOrderAt : order.placedAt;
  return tx.customer.update({
    where: { id: customer.id },
    data: {
      ordersCount: { increment: 1 },
      lastOrderAt: last,
      totalSpentCents: { increment: order.total.cents },
      currency: customer.currency ?? order.total.currency,
      email: customer.email ?? order.email?.toLowerCase() ?? null,
    },
  });
}

/**
 * Customer webhooks carry no language; the one a shopper picked at checkout is the best signal we get.
 * It fills a gap and never overrides a locale Shopify reported for the customer.
 */
export async function learnLocale(tx: Tx, shop: string, customerShopifyId: string | null, locale: string | null) {
  if (!customerShopifyId || !locale) return;
  await tx.customer.updateMany({ where: { shop, shopifyId: customerShopifyId, locale: null }, data: { locale } });
}
