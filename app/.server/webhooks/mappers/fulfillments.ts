import type { MapResult } from "~/domain/types";
import { NOT_AN_OBJECT, eventTime, idOf, isRecord, text, unmappable } from "./common";
import type { MapMeta } from "./common";

type Source = { status: string; label: string; times: string[] };

/** Only "delivered" matters to the product: it starts the post-delivery wait. */
function deliveredOrNothing(payload: unknown, meta: MapMeta, source: Source): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  const orderShopifyId = idOf(payload.order_id);
  if (!orderShopifyId) return unmappable("order_id is missing");
  const status = text(payload[source.status])?.toLowerCase() ?? null;
  if (status !== "delivered") return { ok: true, events: [], note: `${source.label} ${status ?? "unknown"}: nothing to do until delivered` };
  const at = eventTime(meta, ...source.times.map((field) => payload[field]));
  return { ok: true, events: [{ kind: "OrderDelivered", at, orderShopifyId }] };
}

/** fulfillments/create and fulfillments/update. */
export function mapFulfillment(payload: unknown, meta: MapMeta): MapResult {
  return deliveredOrNothing(payload, meta, { status: "shipment_status", label: "shipment status", times: ["updated_at", "created_at"] });
}

/** fulfillment_events/create: the carrier's tracking events, with the real delivery moment. */
export function mapFulfillmentEvent(payload: unknown, meta: MapMeta): MapResult {
  return deliveredOrNothing(payload, meta, { status: "status", label: "tracking status", times: ["happened_at", "created_at"] });
}
