// Everything the app holds on one customer of one shop, found by Shopify id, by e-mail address and by
// the orders named. The export and the erasure both start here, so they always cover the same rows.
import type { Prisma } from "@prisma/client";
import { deliveriesMentioning, type Person } from "./mentions";
import { suppressionKeys } from "./suppression-key";

type Tx = Prisma.TransactionClient;

export type DataSubject = { customerShopifyId: string | null; email: string | null; orderShopifyIds: string[] };

const uniq = (values: (string | null | undefined)[]): string[] => [...new Set(values.filter((v): v is string => Boolean(v)))];

/** Widens the request with what the app knows: the customer's stored address, the orders' buyer. */
async function resolvePerson(tx: Tx, shop: string, subject: DataSubject): Promise<Person> {
  const ids = uniq([subject.customerShopifyId]);
  const emails = uniq([subject.email?.trim().toLowerCase()]);
  const orderIds = uniq(subject.orderShopifyIds);
  const customers = await tx.customer.findMany({
    where: { shop, OR: [{ shopifyId: { in: ids } }, { email: { in: emails } }] },
    select: { shopifyId: true, email: true },
  });
  const named = orderIds.length
    ? await tx.order.findMany({ where: { shop, shopifyId: { in: orderIds } }, select: { email: true, customerShopifyId: true } })
    : [];
  return {
    customerShopifyIds: uniq([...ids, ...customers.map((c) => c.shopifyId), ...named.map((o) => o.customerShopifyId)]),
    emails: uniq([...emails, ...customers.map((c) => c.email), ...named.map((o) => o.email)]),
    orderShopifyIds: orderIds,
  };
}

export async function findPersonData(tx: Tx, shop: string, subject: DataSubject) {
  const person = await resolvePerson(tx, shop, subject);
  const ids = person.customerShopifyIds;
  const emails = person.emails;
  const byPerson = [{ customerShopifyId: { in: ids } }, { email: { in: emails } }];

  const customers = await tx.customer.findMany({ where: { shop, OR: [{ shopifyId: { in: ids } }, { email: { in: emails } }] } });
  const orders = await tx.order.findMany({ where: { shop, OR: [...byPerson, { shopifyId: { in: person.orderShopifyIds } }] } });
  const orderIds = uniq([...person.orderShopifyIds, ...orders.map((o) => o.shopifyId)]);
  const orderLines = await tx.orderLine.findMany({ where: { shop, orderShopifyId: { in: orderIds } } });
  const checkouts = await tx.checkout.findMany({
    where: { shop, OR: [...byPerson, { token: { in: uniq(orders.map((o) => o.checkoutToken)) } }] },
  });
  const tokens = checkouts.map((c) => c.token);
  const coupons = await tx.coupon.findMany({ where: { shop, OR: byPerson } });
  const codes = coupons.map((c) => c.code);
  const messages = await tx.message.findMany({
    where: {
      shop,
      OR: [...byPerson, { orderShopifyId: { in: orderIds } }, { checkoutToken: { in: tokens } }, { couponCode: { in: codes } }],
    },
  });
  const messageEvents = await tx.messageEvent.findMany({
    where: { shop, OR: [{ messageId: { in: messages.map((m) => m.id) } }, { orderId: { in: orderIds } }] },
  });
  // A storefront visitor is this person once a code was revealed to them or they were logged in.
  const linked = await tx.onsiteEvent.findMany({
    where: { shop, OR: [{ customerShopifyId: { in: ids } }, { couponCode: { in: codes } }] },
    select: { visitorId: true },
  });
  const visitorIds = uniq([...coupons.map((c) => c.visitorId), ...linked.map((e) => e.visitorId)]);
  const onsiteEvents = await tx.onsiteEvent.findMany({
    where: { shop, OR: [{ customerShopifyId: { in: ids } }, { couponCode: { in: codes } }, { visitorId: { in: visitorIds } }] },
  });
  const suppressions = await tx.suppression.findMany({ where: { shop, email: { in: emails.flatMap((e) => suppressionKeys(shop, e)) } } });
  const pendingSignups = await tx.pendingSignup.findMany({ where: { shop, OR: [{ customerShopifyId: { in: ids } }, { email: { in: emails } }] } });
  const shopperEvents = await tx.shopperEvent.findMany({ where: { shop, customerShopifyId: { in: ids } } });
  const webhookDeliveries = await deliveriesMentioning(tx, shop, { ...person, orderShopifyIds: orderIds });

  return { person, customers, orders, orderLines, checkouts, coupons, messages, messageEvents, onsiteEvents, shopperEvents, suppressions, pendingSignups, webhookDeliveries };
}

export type PersonData = Awaited<ReturnType<typeof findPersonData>>;
