// Credits an order, inside the webhook's transaction: a conversion for the message it belongs to
// (once per order), and the KPI goal of every message whose goal it reaches (once per message).
import type { Prisma } from "@prisma/client";
import { attributeOrder, type CodeCandidate } from "~/domain/attribution";
import { goalsReachedByOrder } from "~/domain/kpi-goals";
import type { OrderFacts } from "~/domain/types";
import { goalKey, recordOnce } from "~/.server/tracking/events";

type Tx = Prisma.TransactionClient;

export const DEFAULT_ATTRIBUTION_DAYS = 5;

export function conversionKey(shop: string, orderId: string): string {
  return `conversion:${shop}:${orderId}`;
}

/** The buyer as the projection has them once the order is counted, when the caller already read them. */
export type KnownBuyer = { shopifyId: string; email: string | null };

/** Messages are found by address (indexed per shop); a customer id leads to the customer's address. */
async function buyerEmails(tx: Tx, shop: string, order: OrderFacts, known?: KnownBuyer | null): Promise<string[]> {
  const emails = new Set<string>();
  if (order.email) emails.add(order.email.trim().toLowerCase());
  if (order.customer?.email) emails.add(order.customer.email.trim().toLowerCase());
  if (known && known.shopifyId === order.customer?.shopifyId) {
    if (known.email) emails.add(known.email.toLowerCase());
  } else if (order.customer?.shopifyId) {
    const customer = await tx.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId: order.customer.shopifyId } }, select: { email: true } });
    if (customer?.email) emails.add(customer.email.toLowerCase());
  }
  return [...emails];
}

async function codeCandidates(tx: Tx, shop: string, order: OrderFacts): Promise<CodeCandidate[]> {
  if (order.discountCodes.length === 0) return [];
  const coupons = await tx.coupon.findMany({ where: { shop, code: { in: order.discountCodes } } });
  const candidates: CodeCandidate[] = [];
  for (const coupon of coupons) {
    const message = coupon.scenario === "exit-intent" ? null : await tx.message.findUnique({ where: { key: coupon.issueKey } });
    const emailed = message && message.status === "sent" && !message.test && !message.holdout ? message.id : null;
    candidates.push({ code: coupon.code, scenario: message?.scenario ?? coupon.scenario, messageId: emailed });
  }
  return candidates;
}

/**
 * `windowDays`: the shop's attribution window when the caller has read the shop already; `buyer`: the
 * order's customer as just counted, which spares reading them again.
 */
export async function attributeOrderPlaced(tx: Tx, shop: string, order: OrderFacts, known: { windowDays?: number; buyer?: KnownBuyer | null } = {}): Promise<void> {
  const windowDays = known.windowDays ?? (await tx.shop.findUnique({ where: { domain: shop }, select: { attributionDays: true } }))?.attributionDays ?? DEFAULT_ATTRIBUTION_DAYS;
  const emails = await buyerEmails(tx, shop, order, known.buyer);
  const messages =
    emails.length === 0
      ? []
      : await tx.message.findMany({
          where: { shop, email: { in: emails }, test: false, sentAt: { lte: order.placedAt }, OR: [{ status: "sent" }, { holdout: true }] },
          select: { id: true, scenario: true, step: true, sentAt: true, holdout: true, lastClickedAt: true, checkoutToken: true, couponCode: true },
        });

  const decision = attributeOrder({
    order: { orderId: order.shopifyId, placedAt: order.placedAt, totalCents: order.total.cents, currency: order.total.currency },
    windowDays,
    codes: await codeCandidates(tx, shop, order),
    clicks: messages.flatMap((m) => (!m.holdout && m.lastClickedAt ? [{ messageId: m.id, scenario: m.scenario, lastClickedAt: m.lastClickedAt }] : [])),
    holdouts: messages.flatMap((m) => (m.holdout && m.sentAt ? [{ messageId: m.id, scenario: m.scenario, sentAt: m.sentAt }] : [])),
  });
  switch (decision.via) {
    case "code":
    case "click":
    case "holdout":
      await recordOnce(tx, {
        key: conversionKey(shop, order.shopifyId),
        shop,
        messageId: decision.messageId,
        scenario: decision.scenario,
        type: "conversion",
        orderId: order.shopifyId,
        revenueCents: order.total.cents,
        currency: order.total.currency,
        via: decision.via,
        at: order.placedAt,
      });
      break;
    case "onsite-code":
    case "none":
      break;
  }

  const reached = goalsReachedByOrder(
    { placedAt: order.placedAt, checkoutToken: order.checkoutToken, codes: order.discountCodes },
    messages.flatMap((m) => (m.sentAt ? [{ messageId: m.id, scenario: m.scenario, step: m.step, sentAt: m.sentAt, checkoutToken: m.checkoutToken, couponCode: m.couponCode }] : [])),
  );
  const byId = new Map(messages.map((m) => [m.id, m]));
  for (const id of reached) {
    const m = byId.get(id)!;
    await recordOnce(tx, { key: goalKey(id), shop, messageId: id, scenario: m.scenario, type: "goal", via: "order", orderId: order.shopifyId, at: order.placedAt });
  }
}
