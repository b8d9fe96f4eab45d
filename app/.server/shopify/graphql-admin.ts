// The Admin GraphQL documents behind AdminApi. The Shopify client throws for throttling, outages and
// GraphQL errors; every one of those becomes an AdminError here, so callers decide from values.
import { customerGid, type AdminApi, type AdminError, type AdminResult } from "./admin-api";

export type GraphqlClient = { graphql(query: string, opts?: { variables?: Record<string, unknown> }): Promise<Response> };

export const DISCOUNT_CODE_BASIC_CREATE = `#graphql
mutation CrmDiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
    codeDiscountNode { id }
    userErrors { field code message }
  }
}`;

export const CUSTOMER_ORDER_COUNT = `#graphql
query CrmCustomerOrderCount($id: ID!) {
  customer(id: $id) { numberOfOrders }
}`;

type GraphqlError = { message?: string; extensions?: { code?: string } };
type Body = { data?: unknown; errors?: unknown };

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function graphqlErrors(errors: unknown): GraphqlError[] {
  if (Array.isArray(errors)) return errors as GraphqlError[];
  const nested = (errors as { graphQLErrors?: unknown } | null)?.graphQLErrors;
  return Array.isArray(nested) ? (nested as GraphqlError[]) : [];
}

function fromGraphqlErrors(errors: GraphqlError[]): AdminError {
  const message = errors.map((e) => e.message ?? "GraphQL error").join("; ");
  if (errors.some((e) => e.extensions?.code === "THROTTLED")) return { kind: "throttled", message };
  // Query-level errors are our document or our access being wrong: retrying later may help after a
  // deploy or a re-grant, so they are not the shopper's input being refused.
  return { kind: "network", message: `GraphQL error: ${message}` };
}

function fromStatus(status: number, message: string): AdminError {
  if (status === 429) return { kind: "throttled", message };
  if (status === 404) return { kind: "not_found", message };
  return { kind: "network", message: `HTTP ${status}: ${message}` };
}

/** The Shopify client's thrown errors (HttpThrottlingError, HttpInternalError, GraphqlQueryError, a Response…). */
export function classifyThrown(e: unknown): AdminError {
  if (e instanceof Response) return fromStatus(e.status, e.statusText || "request failed");
  const err = (e ?? {}) as { response?: { code?: unknown }; body?: Body };
  const fromBody = graphqlErrors(err.body?.errors);
  if (fromBody.length > 0) return fromGraphqlErrors(fromBody);
  if (typeof err.response?.code === "number") return fromStatus(err.response.code, messageOf(e));
  if (/throttl/i.test(messageOf(e))) return { kind: "throttled", message: messageOf(e) };
  return { kind: "network", message: messageOf(e) };
}

async function run(client: () => Promise<GraphqlClient>, query: string, variables: Record<string, unknown>): Promise<AdminResult<unknown>> {
  let response: Response;
  try {
    response = await (await client()).graphql(query, { variables });
  } catch (e) {
    return { ok: false, error: classifyThrown(e) };
  }
  if (!response.ok) return { ok: false, error: fromStatus(response.status, response.statusText || "request failed") };
  let body: Body;
  try {
    body = (await response.json()) as Body;
  } catch (e) {
    return { ok: false, error: { kind: "network", message: `unreadable response: ${messageOf(e)}` } };
  }
  const errors = graphqlErrors(body.errors);
  if (errors.length > 0) return { ok: false, error: fromGraphqlErrors(errors) };
  return { ok: true, value: body.data };
}

type CreatePayload = {
  discountCodeBasicCreate?: {
    codeDiscountNode: { id: string } | null;
    userErrors: { field: string[] | null; code: string | null; message: string }[];
  } | null;
};

export function createShopifyAdminApi(getAdmin: (shop: string) => Promise<GraphqlClient>): AdminApi {
  return {
    async createDiscountCode(shop, input) {
      const basicCodeDiscount = {
        title: input.title,
        code: input.code,
        startsAt: input.startsAt.toISOString(),
        endsAt: input.endsAt.toISOString(),
        usageLimit: 1,
        appliesOncePerCustomer: true,
        context: input.customerShopifyId ? { customers: { add: [customerGid(input.customerShopifyId)] } } : { all: "ALL" },
        customerGets: { value: { percentage: input.percentOff / 100 }, items: { all: true } },
      };
      const result = await run(() => getAdmin(shop), DISCOUNT_CODE_BASIC_CREATE, { basicCodeDiscount });
      if (!result.ok) return result;
      const payload = (result.value as CreatePayload | undefined)?.discountCodeBasicCreate;
      const userError = payload?.userErrors?.[0];
      if (userError) {
        return { ok: false, error: { kind: "user_error", message: userError.message, field: userError.field ?? null, code: userError.code ?? null } };
      }
      const id = payload?.codeDiscountNode?.id;
      if (!id) return { ok: false, error: { kind: "network", message: "Shopify returned no discount and no error" } };
      return { ok: true, value: { discountId: id, code: input.code } };
    },

    async customerOrderCount(shop, customerShopifyId) {
      const result = await run(() => getAdmin(shop), CUSTOMER_ORDER_COUNT, { id: customerGid(customerShopifyId) });
      if (!result.ok) return result;
      const customer = (result.value as { customer?: { numberOfOrders?: unknown } | null } | undefined)?.customer;
      if (!customer) return { ok: false, error: { kind: "not_found", message: `customer ${customerShopifyId} not found` } };
      // UnsignedInt64 arrives as a string.
      const count = Number(customer.numberOfOrders);
      if (!Number.isSafeInteger(count) || count < 0) {
        return { ok: false, error: { kind: "network", message: `unexpected numberOfOrders ${JSON.stringify(customer.numberOfOrders)}` } };
      }
      return { ok: true, value: count };
    },
  };
}
