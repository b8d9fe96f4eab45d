// customers/redact and shop/redact: erase what the app holds. Rows about the person are deleted;
// kept webhook bodies that mention them lose the body; an unsubscribe survives only as a digest.
import type { Prisma } from "@prisma/client";
import { findPersonData, type DataSubject } from "./person";
import { erasedSuppressionKey } from "./suppression-key";

type Tx = Prisma.TransactionClient;

export type RedactSummary = { rows: number; deliveriesScrubbed: number; suppressionsKept: number };

export async function redactCustomer(tx: Tx, shop: string, subject: DataSubject): Promise<RedactSummary> {
  const found = await findPersonData(tx, shop, subject);
  const ids = <T extends { id: string }>(rows: T[]) => ({ id: { in: rows.map((r) => r.id) } });
  // One statement at a time: SQLite runs a transaction's statements in sequence anyway.
  const deleted = [
    await tx.messageEvent.deleteMany({ where: ids(found.messageEvents) }),
    await tx.onsiteEvent.deleteMany({ where: ids(found.onsiteEvents) }),
    await tx.shopperEvent.deleteMany({ where: ids(found.shopperEvents) }),
    await tx.message.deleteMany({ where: ids(found.messages) }),
    await tx.coupon.deleteMany({ where: ids(found.coupons) }),
    await tx.orderLine.deleteMany({ where: ids(found.orderLines) }),
    await tx.order.deleteMany({ where: ids(found.orders) }),
    await tx.checkout.deleteMany({ where: ids(found.checkouts) }),
    await tx.customer.deleteMany({ where: ids(found.customers) }),
    await tx.pendingSignup.deleteMany({ where: ids(found.pendingSignups) }),
  ];

  let suppressionsKept = 0;
  for (const row of found.suppressions) {
    if (row.email.startsWith("sha256:")) continue;
    const key = erasedSuppressionKey(shop, row.email);
    const twin = await tx.suppression.findUnique({ where: { shop_email: { shop, email: key } } });
    if (twin) await tx.suppression.delete({ where: { id: row.id } });
    else await tx.suppression.update({ where: { id: row.id }, data: { email: key } });
    suppressionsKept++;
  }

  for (const delivery of found.webhookDeliveries) {
    await tx.webhookDelivery.update({
      where: { id: delivery.id },
      data: { payload: null, reason: `${delivery.reason ? `${delivery.reason}; ` : ""}body erased by customers/redact` },
    });
  }
  const rows = deleted.reduce((sum, r) => sum + r.count, 0);
  return { rows, deliveriesScrubbed: found.webhookDeliveries.length, suppressionsKept };
}

/** shop/redact arrives 48 h after uninstall: nothing of the shop may remain. */
export async function redactShop(tx: Tx, shop: string): Promise<void> {
  await tx.messageEvent.deleteMany({ where: { shop } });
  await tx.onsiteEvent.deleteMany({ where: { shop } });
  await tx.shopperEvent.deleteMany({ where: { shop } });
  await tx.shopPixel.deleteMany({ where: { shop } });
  await tx.shopLogo.deleteMany({ where: { shop } });
  await tx.message.deleteMany({ where: { shop } });
  await tx.coupon.deleteMany({ where: { shop } });
  await tx.orderLine.deleteMany({ where: { shop } });
  await tx.variantCard.deleteMany({ where: { shop } });
  await tx.order.deleteMany({ where: { shop } });
  await tx.checkout.deleteMany({ where: { shop } });
  await tx.customer.deleteMany({ where: { shop } });
  await tx.suppression.deleteMany({ where: { shop } });
  await tx.scenarioSetting.deleteMany({ where: { shop } });
  await tx.backfill.deleteMany({ where: { shop } });
  await tx.usageCounter.deleteMany({ where: { shop } });
  await tx.pendingSignup.deleteMany({ where: { shop } });
  await tx.rateLimiterFlexible.deleteMany({ where: { key: { contains: `|${shop}|` } } });
  // The shop/redact delivery being applied is the record that the request was honoured (it holds no body once applied).
  await tx.webhookDelivery.deleteMany({ where: { shop, topic: { not: "shop/redact" } } });
  await tx.session.deleteMany({ where: { shop } });
  await tx.shop.deleteMany({ where: { domain: shop } });
}
