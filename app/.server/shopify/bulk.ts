// Admin API bulk operations: Shopify runs a query over a whole store in the background and leaves the
// result as a JSONL file at a URL, announced by the bulk_operations/finish webhook. The install-time
// backfill of existing customers is one.
import type { AdminResult, BulkOperationView, AdminCall } from "./admin-api";

type Call = AdminCall;

export const BULK_OPERATION_RUN_QUERY = `#graphql
mutation CrmBulkOperationRunQuery($query: String!, $groupObjects: Boolean!) {
  bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) {
    bulkOperation { id status }
    userErrors { field code message }
  }
}`;

export const BULK_OPERATION_STATUS = `#graphql
query CrmBulkOperationStatus($id: ID!) {
  node(id: $id) {
    ... on BulkOperation { id status errorCode objectCount url partialDataUrl }
  }
}`;

/** Each customer's order count, spend, last order and email consent: the projection's starting point. */
export const CUSTOMER_BACKFILL_QUERY = `#graphql
{
  customers {
    edges {
      node {
        id
        firstName
        lastName
        locale
        createdAt
        numberOfOrders
        amountSpent { amount currencyCode }
        lastOrder { processedAt }
        defaultEmailAddress { emailAddress marketingState marketingUpdatedAt }
      }
    }
  }
}`;

export async function startBulkQuery(call: Call, query: string): Promise<AdminResult<string>> {
  const result = await call(BULK_OPERATION_RUN_QUERY, { query, groupObjects: false });
  if (!result.ok) return result;
  const payload = (result.value as { bulkOperationRunQuery?: { bulkOperation?: { id: string } | null; userErrors?: { field?: string[] | null; code?: string | null; message: string }[] } | null } | undefined)
    ?.bulkOperationRunQuery;
  const userError = payload?.userErrors?.[0];
  if (userError) return { ok: false, error: { kind: "user_error", message: userError.message, field: userError.field ?? null, code: userError.code ?? null } };
  const id = payload?.bulkOperation?.id;
  if (!id) return { ok: false, error: { kind: "network", message: "Shopify returned no bulk operation and no error" } };
  return { ok: true, value: id };
}

export async function readBulkOperation(call: Call, id: string): Promise<AdminResult<BulkOperationView | null>> {
  const result = await call(BULK_OPERATION_STATUS, { id });
  if (!result.ok) return result;
  const node = (result.value as { node?: Partial<BulkOperationView> & { objectCount?: unknown } | null } | undefined)?.node;
  if (!node?.id || !node.status) return { ok: true, value: null };
  return {
    ok: true,
    value: {
      id: node.id,
      status: node.status,
      errorCode: node.errorCode ?? null,
      // UnsignedInt64 arrives as a string.
      objectCount: Number(node.objectCount ?? 0) || 0,
      url: node.url ?? null,
      partialDataUrl: node.partialDataUrl ?? null,
    },
  };
}
