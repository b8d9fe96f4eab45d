// Finding a person inside stored raw text (unmappable webhook bodies), the same way on every database:
// the rows are few, so they are read and matched here rather than with a provider-specific LIKE.
import type { Prisma } from "@prisma/client";

type Tx = Prisma.TransactionClient;

export type Person = { customerShopifyIds: string[]; emails: string[]; orderShopifyIds: string[] };

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** True when the text names one of the person's addresses (any case) or ids (as a whole number). */
export function mentions(text: string, person: Person): boolean {
  const lower = text.toLowerCase();
  if (person.emails.some((e) => e && lower.includes(e.toLowerCase()))) return true;
  const ids = [...person.customerShopifyIds, ...person.orderShopifyIds].filter(Boolean);
  return ids.some((id) => new RegExp(`(^|[^0-9])${escapeRegExp(id)}([^0-9]|$)`).test(text));
}

/** The kept webhook bodies of a shop that mention the person. */
export async function deliveriesMentioning(tx: Tx, shop: string, person: Person) {
  const rows = await tx.webhookDelivery.findMany({
    where: { shop, payload: { not: null } },
    select: { id: true, webhookId: true, topic: true, receivedAt: true, outcome: true, reason: true, payload: true },
  });
  return rows.filter((row) => row.payload !== null && mentions(row.payload, person));
}
