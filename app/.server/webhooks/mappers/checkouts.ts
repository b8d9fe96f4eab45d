import { NOT_AN_OBJECT, customerFacts, date, email, eventTime, idOf, isRecord, money, quantity, record, text, unmappable, cents } from "./common";
import type { MapMeta } from "./common";
import type { LineItem, MapResult } from "~/domain/types";

function lineItems(value: unknown): LineItem[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((item) => ({
    title: text(item.title) ?? text(item.presentment_title) ?? "",
    variantTitle: text(item.variant_title) ?? text(item.presentment_variant_title),
    quantity: quantity(item.quantity),
    priceCents: cents(item.price),
    productShopifyId: idOf(item.product_id),
    variantShopifyId: idOf(item.variant_id),
  }));
}

function firstName(payload: Record<string, unknown>): string | null {
  for (const holder of [payload.customer, payload.billing_address, payload.shipping_address]) {
    const name = text(record(holder)?.first_name);
    if (name) return name;
  }
  return null;
}

/** checkouts/create and checkouts/update: since 2026-04 a checkout has no id, only its token. */
export function mapCheckout(payload: unknown, meta: MapMeta): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  const token = idOf(payload.token);
  if (!token) return unmappable("checkout token is missing");
  const at = eventTime(meta, payload.updated_at, payload.created_at);
  const createdAt = date(payload.created_at) ?? at;
  const customer = customerFacts(payload.customer);
  return {
    ok: true,
    events: [
      {
        kind: "CheckoutStarted",
        at,
        checkout: {
          token,
          email: email(payload.email) ?? customer?.email ?? null,
          customerShopifyId: customer?.shopifyId ?? null,
          firstName: firstName(payload),
          locale: text(payload.customer_locale),
          recoveryUrl: text(payload.abandoned_checkout_url),
          acceptsMarketing: payload.buyer_accepts_marketing === true,
          lineItems: lineItems(payload.line_items),
          total: money(payload.total_price, payload.presentment_currency ?? payload.currency),
          createdAt,
          updatedAt: date(payload.updated_at) ?? createdAt,
          completedAt: date(payload.completed_at),
        },
      },
    ],
  };
}
