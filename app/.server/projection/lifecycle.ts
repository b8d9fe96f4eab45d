// Install lifecycle and privacy requests: the events that remove or freeze a shop's data.
import type { Prisma } from "@prisma/client";

type Tx = Prisma.TransactionClient;

/**
 * Stops everything not yet sent. A late uninstall from before a reinstall is ignored: it must not
 * freeze a shop that came back or delete its new session.
 */
export async function uninstallShop(tx: Tx, shop: string, at: Date): Promise<{ skipped: number }> {
  const row = await tx.shop.findUnique({ where: { domain: shop }, select: { installedAt: true } });
  if (row && row.installedAt.getTime() > at.getTime()) return { skipped: 0 };
  if (row) await tx.shop.update({ where: { domain: shop }, data: { uninstalledAt: at } });
  await tx.session.deleteMany({ where: { shop } });
  const skipped = await tx.message.updateMany({
    where: { shop, status: { in: ["planned", "deferred"] } },
    data: { status: "skipped", reason: "shop_uninstalled", leaseOwner: null, leaseUntil: null },
  });
  return { skipped: skipped.count };
}

export type RedactRequest = { customerShopifyId: string | null; email: string | null; orderShopifyIds: string[] };

/** Deletes everything the app holds about one customer, found by id, by email and by the orders named. */
export async function redactCustomer(tx: Tx, shop: string, request: RedactRequest): Promise<void> {
  const id = request.customerShopifyId;
  const emails = new Set<string>();
  if (request.email) emails.add(request.email.toLowerCase());
  if (id) {
    const known = await tx.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId: id } }, select: { email: true } });
    if (known?.email) emails.add(known.email.toLowerCase());
  }
  const byPerson = [...(id ? [{ customerShopifyId: id }] : []), ...(emails.size ? [{ email: { in: [...emails] } }] : [])];
  const orderIds = request.orderShopifyIds;

  const checkouts = byPerson.length ? await tx.checkout.findMany({ where: { shop, OR: byPerson }, select: { token: true } }) : [];
  const tokens = checkouts.map((c) => c.token);
  const orders = await tx.order.findMany({
    where: { shop, OR: [...byPerson, { shopifyId: { in: orderIds } }] },
    select: { shopifyId: true },
  });
  const allOrderIds = [...new Set([...orderIds, ...orders.map((o) => o.shopifyId)])];

  await tx.message.deleteMany({
    where: { shop, OR: [...byPerson, { orderId: { in: allOrderIds } }, { checkoutToken: { in: tokens } }] },
  });
  await tx.order.deleteMany({ where: { shop, shopifyId: { in: allOrderIds } } });
  if (byPerson.length) {
    await tx.checkout.deleteMany({ where: { shop, OR: byPerson } });
    await tx.coupon.deleteMany({ where: { shop, OR: byPerson } });
  }
  if (id) await tx.customer.deleteMany({ where: { shop, shopifyId: id } });
  if (emails.size) {
    await tx.customer.deleteMany({ where: { shop, email: { in: [...emails] } } });
    await tx.suppression.deleteMany({ where: { shop, email: { in: [...emails] } } });
  }
}

/** shop/redact arrives 48 h after uninstall: nothing of the shop may remain. */
export async function redactShop(tx: Tx, shop: string): Promise<void> {
  await tx.message.deleteMany({ where: { shop } });
  await tx.coupon.deleteMany({ where: { shop } });
  await tx.order.deleteMany({ where: { shop } });
  await tx.checkout.deleteMany({ where: { shop } });
  await tx.customer.deleteMany({ where: { shop } });
  await tx.suppression.deleteMany({ where: { shop } });
  await tx.scenarioSetting.deleteMany({ where: { shop } });
  await tx.webhookDelivery.deleteMany({ where: { shop } });
  await tx.session.deleteMany({ where: { shop } });
  await tx.shop.deleteMany({ where: { domain: shop } });
}
