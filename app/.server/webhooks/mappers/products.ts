// products/update and products/delete: the product's cards in emails are read again next time.
import type { MapResult } from "~/domain/types";
import { NOT_AN_OBJECT, date, eventTime, idOf, isRecord, unmappable } from "./common";
import type { MapMeta } from "./common";

/** The payload is the product resource; `updated_at` says which version it describes. */
export function mapProductUpdated(payload: unknown, meta: MapMeta): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  const productShopifyId = idOf(payload.id);
  if (!productShopifyId) return unmappable("product id is missing");
  const updatedAt = date(payload.updated_at);
  return { ok: true, events: [{ kind: "ProductChanged", at: eventTime(meta, payload.updated_at), productShopifyId, updatedAt }] };
}

/** The payload holds only the id. */
export function mapProductDeleted(payload: unknown, meta: MapMeta): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  const productShopifyId = idOf(payload.id);
  if (!productShopifyId) return unmappable("product id is missing");
  return { ok: true, events: [{ kind: "ProductChanged", at: meta.triggeredAt ?? meta.receivedAt, productShopifyId, updatedAt: null }] };
}
