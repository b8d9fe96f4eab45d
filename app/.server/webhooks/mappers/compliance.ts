import type { MapResult } from "~/domain/types";
import { NOT_AN_OBJECT, email, idOf, isRecord, record, unmappable } from "./common";
import type { MapMeta } from "./common";

function subject(payload: Record<string, unknown>): { customerShopifyId: string | null; email: string | null } {
  const customer = record(payload.customer);
  return { customerShopifyId: idOf(customer?.id), email: email(customer?.email) };
}

export function mapCustomerDataRequest(payload: unknown, meta: MapMeta): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  return { ok: true, events: [{ kind: "CustomerDataRequested", at: meta.triggeredAt ?? meta.receivedAt, ...subject(payload) }] };
}

export function mapCustomerRedact(payload: unknown, meta: MapMeta): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  const who = subject(payload);
  const orderShopifyIds = Array.isArray(payload.orders_to_redact)
    ? payload.orders_to_redact.map(idOf).filter((id): id is string => id !== null)
    : [];
  if (!who.customerShopifyId && !who.email && orderShopifyIds.length === 0) {
    return unmappable("customer.id, customer.email and orders_to_redact are all missing");
  }
  return { ok: true, events: [{ kind: "CustomerRedacted", at: meta.triggeredAt ?? meta.receivedAt, ...who, orderShopifyIds }] };
}

export function mapShopRedact(payload: unknown, meta: MapMeta): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  return { ok: true, events: [{ kind: "ShopRedacted", at: meta.triggeredAt ?? meta.receivedAt }] };
}
