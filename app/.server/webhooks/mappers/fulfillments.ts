import type { MapResult } from "~/domain/types";
import { NOT_AN_OBJECT, eventTime, idOf, isRecord, text, unmappable } from "./common";
import type { MapMeta } from "./common";

/** fulfillments/create and fulfillments/update: only a delivered shipment matters to the product. */
export function mapFulfillment(payload: unknown, meta: MapMeta): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  const orderShopifyId = idOf(payload.order_id);
  if (!orderShopifyId) return unmappable("order_id is missing");
  const shipment = text(payload.shipment_status)?.toLowerCase() ?? null;
  if (shipment !== "delivered") return { ok: true, events: [], note: `shipment status ${shipment ?? "unknown"}: nothing to do until delivered` };
  return { ok: true, events: [{ kind: "OrderDelivered", at: eventTime(meta, payload.updated_at, payload.created_at), orderShopifyId }] };
}

/** The carrier's tracking events; "delivered" is the real delivery moment that post-delivery waits for. */
export function mapFulfillmentEvent(payload: unknown, meta: MapMeta): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  const orderShopifyId = idOf(payload.order_id);
  if (!orderShopifyId) return unmappable("order_id is missing");
  const status = text(payload.status)?.toLowerCase() ?? null;
  if (status !== "delivered") return { ok: true, events: [], note: `tracking status ${status ?? "unknown"}: nothing to do until delivered` };
  return { ok: true, events: [{ kind: "OrderDelivered", at: eventTime(meta, payload.happened_at, payload.created_at), orderShopifyId }] };
}
