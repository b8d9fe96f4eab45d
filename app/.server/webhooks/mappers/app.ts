import type { MapResult } from "~/domain/types";
import { NOT_AN_OBJECT, email, isRecord, text, unmappable } from "./common";
import type { MapMeta } from "./common";

/** The payload is the shop resource, whose timestamps say nothing about the uninstall itself. */
export function mapAppUninstalled(payload: unknown, meta: MapMeta): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  return { ok: true, events: [{ kind: "AppUninstalled", at: meta.triggeredAt ?? meta.receivedAt }] };
}

/** Only a syntactically valid host becomes the domain links point to. */
function primaryDomainOf(host: string | null): string | null {
  if (!host || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(host)) return null;
  return `https://${host.toLowerCase()}`;
}

/**
 * The payload is the shop resource: `domain` is the primary domain's host (the myshopify one until the
 * merchant connects their own), `iana_timezone` the time zone.
 */
export function mapShopUpdated(payload: unknown, meta: MapMeta): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  const country = text(payload.country_code);
  return {
    ok: true,
    events: [
      {
        kind: "ShopUpdated",
        at: meta.triggeredAt ?? meta.receivedAt,
        shop: {
          name: text(payload.name),
          email: email(payload.customer_email) ?? email(payload.email),
          timezone: text(payload.iana_timezone),
          countryCode: country && /^[A-Z]{2}$/i.test(country) ? country.toUpperCase() : null,
          primaryDomain: primaryDomainOf(text(payload.domain)),
        },
      },
    ],
  };
}

/** The bulk operation that ended, and how: Shopify's payload names it by its global id. */
export function mapBulkOperationFinished(payload: unknown, meta: MapMeta): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  const operationId = text(payload.admin_graphql_api_id);
  if (!operationId?.startsWith("gid://shopify/BulkOperation/")) return unmappable("no bulk operation id (admin_graphql_api_id)");
  return { ok: true, events: [{ kind: "BulkOperationFinished", at: meta.triggeredAt ?? meta.receivedAt, operationId, status: text(payload.status) ?? "unknown" }] };
}
