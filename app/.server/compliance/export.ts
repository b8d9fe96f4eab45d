// customers/data_request: the document the merchant forwards to the customer, and its cover note.
import type { Prisma } from "@prisma/client";
import { findPersonData, type DataSubject, type PersonData } from "./person";

type Tx = Prisma.TransactionClient;

export type DataExport = {
  format: "timing-crm/customer-data/v1";
  shop: string;
  request: { webhookId: string; customerShopifyId: string | null; email: string | null; orderShopifyIds: string[] };
  generatedAt: string;
  /** Each kind of record the app keeps, with every row held on this customer. */
  records: { [K in keyof Omit<PersonData, "person">]: unknown[] };
};

/** JSON-encoded columns are shown as the data they hold, not as strings of JSON. */
function decodeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export async function buildDataExport(tx: Tx, shop: string, webhookId: string, subject: DataSubject, now: Date): Promise<DataExport> {
  const { person: _person, ...records } = await findPersonData(tx, shop, subject);
  return {
    format: "timing-crm/customer-data/v1",
    shop,
    request: { webhookId, ...subject },
    generatedAt: now.toISOString(),
    records: {
      ...records,
      checkouts: records.checkouts.map((c) => ({ ...c, lineItems: decodeJson(c.lineItems) })),
      orders: records.orders.map((o) => ({ ...o, discountCodes: decodeJson(o.discountCodes) })),
    },
  };
}

const LABELS: Record<keyof DataExport["records"], string> = {
  customers: "customer profile",
  orders: "order",
  orderLines: "item bought in an order",
  checkouts: "checkout",
  coupons: "discount code",
  messages: "e-mail (planned or sent)",
  messageEvents: "open, click, unsubscribe or conversion",
  onsiteEvents: "storefront pop-up event",
  shopperEvents: "product viewed or added to the cart in the store",
  suppressions: "unsubscribe or bounce record",
  pendingSignups: "newsletter signup and its confirmation",
  webhookDeliveries: "unprocessed Shopify notification",
};

export function countRecords(doc: DataExport): number {
  return Object.values(doc.records).reduce((sum, rows) => sum + rows.length, 0);
}

/** A short plain-text cover note: who asked, what is attached, what to do with it. */
export function summarizeExport(doc: DataExport): string {
  const who = [doc.request.customerShopifyId && `customer ${doc.request.customerShopifyId}`, doc.request.email].filter(Boolean).join(", ") || "a customer";
  const lines = (Object.keys(LABELS) as (keyof DataExport["records"])[])
    .filter((key) => doc.records[key].length > 0)
    .map((key) => `  - ${doc.records[key].length} × ${LABELS[key]}`);
  return [
    `Shopify forwarded a data request for ${who} of ${doc.shop}.`,
    "",
    countRecords(doc) === 0 ? "Timing CRM holds no data on this customer." : "Timing CRM holds the following on this customer, all of it in the attached JSON file:",
    ...lines,
    "",
    "Please send the attached file to the customer: you are responsible for answering their request.",
    `Request reference: ${doc.request.webhookId}`,
  ].join("\n");
}
