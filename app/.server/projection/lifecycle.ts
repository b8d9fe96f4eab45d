// Install lifecycle: the events that freeze a shop. Privacy erasure lives in ~/.server/compliance.
import type { Prisma } from "@prisma/client";
import type { ShopFacts } from "~/domain/types";
import { skipWaiting } from "~/.server/queue/complete";

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
  return { skipped: await skipWaiting(tx, { shop }, "shop_uninstalled") };
}

export { redactCustomer, redactShop } from "~/.server/compliance/redact";

/** shop/update: what Shopify owns of the profile follows it; what the merchant set is not touched. */
export async function updateShopProfile(tx: Tx, shop: string, facts: ShopFacts): Promise<void> {
  const data = Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== null));
  if (Object.keys(data).length === 0) return;
  await tx.shop.updateMany({ where: { domain: shop }, data });
}
