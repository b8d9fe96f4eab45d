// Reading Shopify payloads defensively: any field may be missing, null or of another type.
import type { CustomerFacts, EmailConsent, MapResult, Money } from "~/domain/types";

export type MapMeta = { triggeredAt: Date | null; receivedAt: Date };
export type Mapper = (payload: unknown, meta: MapMeta) => MapResult;

export type Payload = Record<string, unknown>;

export function isRecord(value: unknown): value is Payload {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function record(value: unknown): Payload | null {
  return isRecord(value) ? value : null;
}

/** IDs arrive as numbers, or as strings when they exceed 2^53: both become the same decimal string. */
export function idOf(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value.trim();
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  if (typeof value === "bigint") return String(value);
  return null;
}

export function text(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

export function email(value: unknown): string | null {
  return text(value)?.toLowerCase() ?? null;
}

/** Years outside this range are not a shop's clock but a broken or hostile value (and no database stores them). */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

/** An ISO timestamp within plausible years, else null. */
export function date(value: unknown): Date | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  const parsed = new Date(value);
  const ms = parsed.getTime();
  return Number.isNaN(ms) || ms < EARLIEST || ms >= LATEST ? null : parsed;
}

/** The shop's own time for an event: the first timestamp the payload has, else the header's, else arrival. */
export function eventTime(meta: MapMeta, ...candidates: unknown[]): Date {
  for (const candidate of candidates) {
    const parsed = date(candidate);
    if (parsed) return parsed;
  }
  return meta.triggeredAt ?? meta.receivedAt;
}

/** "199.00" → 19900, digit by digit: 0.1 + 0.2 style float error never reaches a price. */
export function cents(value: unknown): number {
  if (typeof value === "number" && Number.isFinite(value)) return Math.round(value * 100);
  if (typeof value !== "string") return 0;
  const match = /^\s*(-)?(\d*)(?:\.(\d*))?\s*$/.exec(value);
  if (!match || (match[2] === "" && !match[3])) return 0;
  const whole = Number(match[2] || "0");
  const fraction = (match[3] ?? "").padEnd(3, "0");
  const rounded = whole * 100 + Number(fraction.slice(0, 2)) + (Number(fraction[2]) >= 5 ? 1 : 0);
  return match[1] ? -rounded : rounded;
}

export function money(amount: unknown, currency: unknown): Money {
  return { cents: cents(amount), currency: text(currency) };
}

export function quantity(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : 1;
}

const CONSENT: Record<string, EmailConsent> = {
  subscribed: "subscribed",
  not_subscribed: "not_subscribed",
  unsubscribed: "unsubscribed",
  pending: "pending",
};

/** Shopify spells states "SUBSCRIBED" in GraphQL and "subscribed" in webhooks; redacted/invalid mean unknown. */
export function consentState(value: unknown): EmailConsent {
  const key = text(value)?.toLowerCase();
  return (key && CONSENT[key]) || "unknown";
}

/** A customer object as webhooks embed it; null without an id, since nothing can be keyed on it. */
export function customerFacts(value: unknown): CustomerFacts | null {
  const c = record(value);
  const shopifyId = c ? idOf(c.id) : null;
  if (!c || !shopifyId) return null;
  return {
    shopifyId,
    email: email(c.email),
    firstName: text(c.first_name),
    lastName: text(c.last_name),
    locale: text(c.locale),
    createdAt: date(c.created_at),
    updatedAt: date(c.updated_at),
  };
}

export function unmappable(reason: string): MapResult {
  return { ok: false, reason };
}

export const NOT_AN_OBJECT = unmappable("payload is not a JSON object");
