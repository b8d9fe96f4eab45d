// Every subscribed topic, the address it is delivered to, and what it means. shopify.app.toml mirrors this table.
import { mapAppUninstalled, mapBulkOperationFinished, mapShopUpdated } from "./mappers/app";
import { mapCheckout } from "./mappers/checkouts";
import type { Mapper } from "./mappers/common";
import { mapCustomerDataRequest, mapCustomerRedact, mapShopRedact } from "./mappers/compliance";
import { mapCustomerCreated, mapCustomerUpdated, mapEmailConsentUpdated } from "./mappers/customers";
import { mapFulfillment, mapFulfillmentEvent } from "./mappers/fulfillments";
import { mapOrderCancelled, mapOrderFulfilled, mapOrderPlaced } from "./mappers/orders";
import { mapProductDeleted, mapProductUpdated } from "./mappers/products";

import type { MapResult } from "~/domain/types";
import type { MapMeta } from "./mappers/common";

export type { MapMeta, Mapper } from "./mappers/common";

export type TopicRoute = { uri: string; map: Mapper };

export const TOPICS = {
  "customers/create": { uri: "/webhooks/customers", map: mapCustomerCreated },
  "customers/update": { uri: "/webhooks/customers", map: mapCustomerUpdated },
  "customers_email_marketing_consent/update": { uri: "/webhooks/customers", map: mapEmailConsentUpdated },
  "checkouts/create": { uri: "/webhooks/checkouts", map: mapCheckout },
  "checkouts/update": { uri: "/webhooks/checkouts", map: mapCheckout },
  "orders/create": { uri: "/webhooks/orders", map: mapOrderPlaced },
  "orders/paid": { uri: "/webhooks/orders", map: mapOrderPlaced },
  "orders/cancelled": { uri: "/webhooks/orders", map: mapOrderCancelled },
  "orders/fulfilled": { uri: "/webhooks/orders", map: mapOrderFulfilled },
  "fulfillments/create": { uri: "/webhooks/fulfillments", map: mapFulfillment },
  "fulfillments/update": { uri: "/webhooks/fulfillments", map: mapFulfillment },
  "fulfillment_events/create": { uri: "/webhooks/fulfillments", map: mapFulfillmentEvent },
  "products/update": { uri: "/webhooks/products", map: mapProductUpdated },
  "products/delete": { uri: "/webhooks/products", map: mapProductDeleted },
  "app/uninstalled": { uri: "/webhooks/app/uninstalled", map: mapAppUninstalled },
  "shop/update": { uri: "/webhooks/shop/update", map: mapShopUpdated },
  "bulk_operations/finish": { uri: "/webhooks/bulk-operations/finish", map: mapBulkOperationFinished },
  "customers/data_request": { uri: "/webhooks/compliance", map: mapCustomerDataRequest },
  "customers/redact": { uri: "/webhooks/compliance", map: mapCustomerRedact },
  "shop/redact": { uri: "/webhooks/compliance", map: mapShopRedact },
} as const satisfies Record<string, TopicRoute>;

export type Topic = keyof typeof TOPICS;

export const COMPLIANCE_TOPICS: readonly Topic[] = ["customers/data_request", "customers/redact", "shop/redact"];

export function isTopic(value: string): value is Topic {
  return Object.hasOwn(TOPICS, value);
}

/** The topics delivered to one address (a webhook route), read from the table. */
export function topicsAt(uri: string): Topic[] {
  return (Object.keys(TOPICS) as Topic[]).filter((t) => TOPICS[t].uri === uri);
}

/**
 * The one mapping of a delivery's body to domain events. Intake runs it to decide whether to store the
 * delivery; the applier runs it again on the stored body (mapping is pure: same body, same events).
 */
export function mapDelivery(topic: string, payload: unknown, meta: MapMeta): MapResult {
  if (!isTopic(topic)) return { ok: false, reason: `topic ${topic} is not handled` };
  return TOPICS[topic].map(payload, meta);
}

const BY_HEADER = new Map<string, Topic>(Object.keys(TOPICS).map((t) => [headerName(t), t as Topic]));

function headerName(topic: string): string {
  return topic.toUpperCase().replace("/", "_");
}

/**
 * The library reports topics as enum names ("ORDERS_CREATE"), the header as "orders/create".
 * Enum names cannot be split back reliably ("CUSTOMERS_DATA_REQUEST"), so known topics come from the
 * table and unknown ones split at the last underscore.
 */
export function topicFromHeader(header: string): string {
  const value = header.trim();
  if (value.includes("/")) return value.toLowerCase();
  const known = BY_HEADER.get(value.toUpperCase());
  if (known) return known;
  const cut = value.lastIndexOf("_");
  return cut < 0 ? value.toLowerCase() : `${value.slice(0, cut)}/${value.slice(cut + 1)}`.toLowerCase();
}

/** Throws for a topic the app does not subscribe to: asking for its address is a bug. */
export function uriForTopic(topic: string): string {
  const name = topicFromHeader(topic);
  if (!isTopic(name)) throw new Error(`"${topic}" is not a subscribed webhook topic`);
  return TOPICS[name].uri;
}
