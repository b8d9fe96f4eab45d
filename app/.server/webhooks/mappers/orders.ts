import { normalizeCode } from "~/domain/coupons";
import type { DomainEvent, LineItem, MapResult, OrderFacts } from "~/domain/types";
import { NOT_AN_OBJECT, cents, customerFacts, date, email, eventTime, idOf, isRecord, money, quantity, record, text, unmappable } from "./common";
import type { MapMeta, Payload } from "./common";

function discountCodes(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const codes = value.map((d) => text(record(d)?.code)).filter((c): c is string => c !== null);
  return [...new Set(codes.map(normalizeCode))];
}

function firstProduct(items: unknown): string | null {
  if (!Array.isArray(items)) return null;
  for (const item of items) {
    const id = idOf(record(item)?.product_id);
    if (id) return id;
  }
  return null;
}

/** Line items with their unit price (order payloads give `price` per unit). */
export function orderLineItems(items: unknown): LineItem[] {
  if (!Array.isArray(items)) return [];
  return items.filter(isRecord).map((item) => ({
    title: text(item.title) ?? text(item.name) ?? "",
    variantTitle: text(item.variant_title),
    quantity: quantity(item.quantity),
    priceCents: cents(item.price),
    productShopifyId: idOf(item.product_id),
    variantShopifyId: idOf(item.variant_id),
  }));
}

function orderFacts(payload: Payload, shopifyId: string, meta: MapMeta): OrderFacts {
  const customer = customerFacts(payload.customer);
  const placedAt = eventTime(meta, payload.processed_at, payload.created_at);
  return {
    shopifyId,
    name: text(payload.name),
    checkoutToken: idOf(payload.checkout_token),
    customer,
    email: email(payload.email) ?? email(payload.contact_email) ?? customer?.email ?? null,
    acceptsMarketing: payload.buyer_accepts_marketing === true,
    discountCodes: discountCodes(payload.discount_codes),
    productShopifyId: firstProduct(payload.line_items),
    lineItems: orderLineItems(payload.line_items),
    total: money(payload.total_price, payload.currency),
    financialStatus: text(payload.financial_status),
    placedAt,
    updatedAt: date(payload.updated_at) ?? placedAt,
    cancelledAt: date(payload.cancelled_at),
  };
}

/** A refund's own time when the payload lists refunds; otherwise the order's last update. */
function refundedAt(payload: Payload, meta: MapMeta): Date {
  const times = Array.isArray(payload.refunds)
    ? payload.refunds.map((r) => date(record(r)?.created_at)).filter((d): d is Date => d !== null)
    : [];
  if (times.length > 0) return new Date(Math.min(...times.map((d) => d.getTime())));
  return eventTime(meta, payload.updated_at);
}

function fulfilledAt(payload: Payload, meta: MapMeta): Date {
  const times = Array.isArray(payload.fulfillments)
    ? payload.fulfillments.map((f) => date(record(f)?.created_at)).filter((d): d is Date => d !== null)
    : [];
  if (times.length > 0) return new Date(Math.max(...times.map((d) => d.getTime())));
  return eventTime(meta, payload.updated_at);
}

type OrderTopicEvent = "placed" | "cancelled" | "fulfilled";

/** Any order payload may also say the order was cancelled or refunded: those facts are never dropped. */
function mapOrder(payload: unknown, meta: MapMeta, kind: OrderTopicEvent): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  const orderShopifyId = idOf(payload.id);
  if (!orderShopifyId) return unmappable("order id is missing");
  const order = orderFacts(payload, orderShopifyId, meta);
  const events: DomainEvent[] = [];
  switch (kind) {
    case "placed":
      events.push({ kind: "OrderPlaced", at: order.placedAt, order });
      break;
    case "cancelled":
      events.push({ kind: "OrderCancelled", at: order.cancelledAt ?? eventTime(meta, payload.updated_at), orderShopifyId, order });
      break;
    case "fulfilled":
      events.push({ kind: "OrderFulfilled", at: fulfilledAt(payload, meta), orderShopifyId, order });
      break;
  }
  if (kind !== "cancelled" && order.cancelledAt) events.push({ kind: "OrderCancelled", at: order.cancelledAt, orderShopifyId, order });
  if (order.financialStatus === "refunded") events.push({ kind: "OrderRefunded", at: refundedAt(payload, meta), orderShopifyId });
  return { ok: true, events };
}

/** orders/create and orders/paid: both mean "placed"; the projection counts an order once. */
export const mapOrderPlaced = (payload: unknown, meta: MapMeta): MapResult => mapOrder(payload, meta, "placed");
export const mapOrderCancelled = (payload: unknown, meta: MapMeta): MapResult => mapOrder(payload, meta, "cancelled");
export const mapOrderFulfilled = (payload: unknown, meta: MapMeta): MapResult => mapOrder(payload, meta, "fulfilled");
