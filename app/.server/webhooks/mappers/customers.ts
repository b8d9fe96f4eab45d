import { NOT_AN_OBJECT, consentState, customerFacts, email, eventTime, idOf, isRecord, record, unmappable } from "./common";
import type { MapMeta } from "./common";
import type { MapResult } from "~/domain/types";

export function mapCustomerCreated(payload: unknown, meta: MapMeta): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  const customer = customerFacts(payload);
  if (!customer) return unmappable("customer id is missing");
  return { ok: true, events: [{ kind: "CustomerSignedUp", at: eventTime(meta, payload.created_at, payload.updated_at), customer }] };
}

export function mapCustomerUpdated(payload: unknown, meta: MapMeta): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  const customer = customerFacts(payload);
  if (!customer) return unmappable("customer id is missing");
  return { ok: true, events: [{ kind: "CustomerUpdated", at: eventTime(meta, payload.updated_at, payload.created_at), customer }] };
}

/** Since 2025-01 this topic is the only place customer email consent arrives. */
export function mapEmailConsentUpdated(payload: unknown, meta: MapMeta): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  const customerShopifyId = idOf(payload.customer_id);
  if (!customerShopifyId) return unmappable("customer_id is missing");
  const consent = record(payload.email_marketing_consent);
  if (!consent) return unmappable("email_marketing_consent is missing");
  return {
    ok: true,
    events: [
      {
        kind: "ConsentChanged",
        at: eventTime(meta, consent.consent_updated_at),
        customerShopifyId,
        email: email(payload.email_address),
        consent: consentState(consent.state),
      },
    ],
  };
}
