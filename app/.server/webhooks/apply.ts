// Applies mapped events inside the delivery's transaction: plan against the projection as it was
// before the event, then move the projection forward, then store the plan (idempotent by key).
import type { Customer, Order, Prisma } from "@prisma/client";
import { scenarioSettings } from "~/domain/scenarios";
import { planForEvent, type PlanContext } from "~/domain/triggers";
import type { DomainEvent, OrderFacts } from "~/domain/types";
import { applyPlan } from "~/.server/queue/enqueue";
import { DEFAULT_POLICY, loadShopScenarios, shopPolicy } from "~/.server/shops";
import { applyConsent, buyerLookup, countOrderForCustomer, findCustomer, learnLocale, upsertCustomer } from "~/.server/projection/customers";
import { completeCheckout, upsertCheckout } from "~/.server/projection/checkouts";
import { findOrder, markOrder, placeOrder, redeemCoupons } from "~/.server/projection/orders";
import { redactCustomer, redactShop, uninstallShop, updateShopProfile } from "~/.server/projection/lifecycle";
import { noteBulkFinished } from "~/.server/backfill/backfill";
import { forgetProductWhere } from "~/.server/dispatch/product-cards";
import { attributeOrderPlaced, DEFAULT_ATTRIBUTION_DAYS } from "~/.server/measurement/attribute";

type Tx = Prisma.TransactionClient;

export type ApplyResult = { planned: string[]; rescheduled: string[] };

export type ShopContext = Pick<PlanContext, "shop" | "policy" | "enabled" | "settings"> & { attributionDays: number };

/** Shop contexts read once per batch of deliveries, kept current by the events that change them. */
export type ShopContexts = Map<string, ShopContext>;

/** A shop the app does not know (or that left) plans nothing; its facts are still recorded. */
async function shopContext(tx: Tx, shop: string): Promise<ShopContext> {
  const row = await tx.shop.findUnique({ where: { domain: shop } });
  if (!row || row.uninstalledAt) {
    return { shop, policy: DEFAULT_POLICY, enabled: () => false, settings: (key) => scenarioSettings(key, {}), attributionDays: row?.attributionDays ?? DEFAULT_ATTRIBUTION_DAYS };
  }
  const scenarios = await loadShopScenarios(tx, shop);
  return { shop, policy: shopPolicy(row), enabled: scenarios.enabled, settings: scenarios.settings, attributionDays: row.attributionDays };
}

type Subject = { customerId?: string | null; email?: string | null; orderId?: string | null };

function subjectOf(event: DomainEvent): Subject {
  switch (event.kind) {
    case "CustomerSignedUp":
    case "CustomerUpdated":
      return { customerId: event.customer.shopifyId };
    case "ConsentChanged":
      return { customerId: event.customerShopifyId };
    case "CheckoutStarted":
      return { customerId: event.checkout.customerShopifyId, email: event.checkout.email };
    case "OrderPlaced":
      return { customerId: event.order.customer?.shopifyId, email: event.order.email, orderId: event.order.shopifyId };
    case "OrderCancelled":
    case "OrderFulfilled":
      return { customerId: event.order?.customer?.shopifyId, email: event.order?.email, orderId: event.orderShopifyId };
    case "OrderRefunded":
    case "OrderDelivered":
      return { orderId: event.orderShopifyId };
    case "AppUninstalled":
    case "ShopUpdated":
    case "BulkOperationFinished":
    case "ProductChanged":
    case "CustomerDataRequested":
    case "CustomerRedacted":
    case "ShopRedacted":
      return {};
  }
}

/** What planning read before the event was projected: projecting the same event need not read it again. */
type Read = { order: Order | null; customer: Customer | null; lookup: { shopifyId?: string | null; email?: string | null } };

async function planContext(tx: Tx, base: ShopContext, event: DomainEvent): Promise<{ context: PlanContext; read: Read }> {
  const subject = subjectOf(event);
  const order = subject.orderId ? await findOrder(tx, base.shop, subject.orderId) : null;
  const lookup = { shopifyId: subject.customerId ?? order?.customerShopifyId, email: subject.email ?? order?.email };
  const customer = await findCustomer(tx, base.shop, lookup);
  const context: PlanContext = {
    ...base,
    customer: customer && { shopifyId: customer.shopifyId, email: customer.email, ordersCount: customer.ordersCount, signedUpAt: customer.signedUpAt },
    order: order && {
      shopifyId: order.shopifyId,
      email: order.email,
      customerShopifyId: order.customerShopifyId,
      fulfilledAt: order.fulfilledAt,
      deliveredAt: order.deliveredAt,
    },
  };
  return { context, read: { order, customer, lookup } };
}

/** The customer planning found, when it is the one counting the order would look up (same lookup). */
function buyerFound(order: OrderFacts, read: Read): { customer: Customer | null } | undefined {
  const wanted = buyerLookup(order);
  if (wanted.shopifyId) {
    if (read.customer?.shopifyId === wanted.shopifyId) return { customer: read.customer };
    return read.customer === null && read.lookup.shopifyId === wanted.shopifyId ? { customer: null } : undefined;
  }
  return !read.lookup.shopifyId && read.lookup.email === wanted.email ? { customer: read.customer } : undefined;
}

async function project(tx: Tx, base: ShopContext, event: DomainEvent, read: Read): Promise<void> {
  const { shop } = base;
  switch (event.kind) {
    case "CustomerSignedUp":
    case "CustomerUpdated":
      return upsertCustomer(tx, shop, event.customer, event.at);
    case "ConsentChanged":
      return applyConsent(tx, shop, event);
    case "CheckoutStarted":
      await upsertCheckout(tx, shop, event.checkout);
      return learnLocale(tx, shop, event.checkout.customerShopifyId, event.checkout.locale);
    case "OrderPlaced": {
      const { first } = await placeOrder(tx, shop, event.order, read.order?.shopifyId === event.order.shopifyId || read.order === null ? { order: read.order } : undefined);
      if (!first) return;
      const buyer = await countOrderForCustomer(tx, shop, event.order, buyerFound(event.order, read));
      if (event.order.checkoutToken) await completeCheckout(tx, shop, event.order.checkoutToken, event.order.shopifyId, event.order.placedAt);
      await redeemCoupons(tx, shop, event.order);
      await attributeOrderPlaced(tx, shop, event.order, { windowDays: base.attributionDays, buyer });
      return;
    }
    case "OrderCancelled":
      return markOrder(tx, shop, event.orderShopifyId, "cancelledAt", event.at, event.order);
    case "OrderRefunded":
      return markOrder(tx, shop, event.orderShopifyId, "refundedAt", event.at, null);
    case "OrderFulfilled":
      return markOrder(tx, shop, event.orderShopifyId, "fulfilledAt", event.at, event.order);
    case "OrderDelivered":
      return markOrder(tx, shop, event.orderShopifyId, "deliveredAt", event.at, null);
    case "AppUninstalled":
      await uninstallShop(tx, shop, event.at);
      return;
    case "ShopUpdated":
      return updateShopProfile(tx, shop, event.shop);
    case "BulkOperationFinished":
      // The import itself reads a file over the network: the jobs process does it, outside this transaction.
      return noteBulkFinished(tx, shop, event.operationId, event.at);
    case "ProductChanged":
      await tx.variantCard.deleteMany({ where: forgetProductWhere(shop, event.productShopifyId, event.updatedAt) });
      return;
    case "CustomerRedacted":
      await redactCustomer(tx, shop, event);
      return;
    case "ShopRedacted":
      return redactShop(tx, shop);
    case "CustomerDataRequested":
      // Nothing changes here: the export is e-mailed to the merchant once this delivery is committed
      // (~/.server/compliance/data-request), keyed by the webhook id.
      return;
  }
}

export async function applyEvents(tx: Tx, shop: string, events: DomainEvent[], contexts: ShopContexts = new Map()): Promise<ApplyResult> {
  const result: ApplyResult = { planned: [], rescheduled: [] };
  let base = contexts.get(shop) ?? (await shopContext(tx, shop));
  contexts.set(shop, base);
  for (const event of events) {
    const { context, read } = await planContext(tx, base, event);
    const actions = planForEvent(event, context);
    await project(tx, base, event, read);
    const stored = await applyPlan(tx, shop, actions);
    result.planned.push(...stored.planned);
    result.rescheduled.push(...stored.rescheduled);
    if (event.kind === "AppUninstalled" || event.kind === "ShopRedacted" || event.kind === "ShopUpdated") {
      base = await shopContext(tx, shop);
      contexts.set(shop, base);
    }
  }
  return result;
}
