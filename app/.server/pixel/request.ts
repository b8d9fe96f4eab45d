// The pixel's request, read strictly: a JSON object with exactly these fields, each within its bounds,
// and exactly one way of saying who the shopper is. Anything else is 400, whatever else it holds.
import { z } from "zod";
import { SHOPPER_EVENT_TYPES } from "~/domain/shopper-events";

/** Events in one request; the pixel sends ten at most. */
export const PIXEL_EVENTS_PER_REQUEST = 20;

/** A Shopify numeric id, as the pixel normalises them (a GraphQL id loses its prefix there). */
const shopifyId = z.string().regex(/^\d{1,20}$/);

const event = z.strictObject({
  id: z.string().regex(/^[\x21-\x7e]{1,128}$/, "id must be Shopify's event id"),
  type: z.enum(SHOPPER_EVENT_TYPES),
  at: z
    .string()
    .max(40)
    .refine((s) => Number.isFinite(Date.parse(s)), "at must be a time"),
  productId: shopifyId,
  variantId: shopifyId.nullable().optional(),
});

const batch = z
  .strictObject({
    shop: z
      .string()
      .max(255)
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/, "shop must be the shop's domain"),
    key: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "key must be the shop's pixel key"),
    customerId: shopifyId.optional(),
    ref: z
      .string()
      .max(512)
      .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
      .optional(),
    events: z.array(event).min(1).max(PIXEL_EVENTS_PER_REQUEST),
  })
  .refine((b) => (b.customerId === undefined) !== (b.ref === undefined), "say who the shopper is: customerId or ref, not both");

export type PixelBatch = z.infer<typeof batch>;
export type PixelEventInput = PixelBatch["events"][number];

export type ParsedBatch = { ok: true; batch: PixelBatch } | { ok: false; error: string };

export function parsePixelBatch(bytes: Uint8Array): ParsedBatch {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, error: "the body must be JSON" };
  }
  const parsed = batch.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}` };
  }
  return { ok: true, batch: parsed.data };
}
