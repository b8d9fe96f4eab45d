// The Admin GraphQL documents behind AdminApi. The Shopify client throws for throttling, outages and
// GraphQL errors; every one of those becomes an AdminError here, so callers decide from values.
import { readBulkOperation, startBulkQuery } from "./bulk";
import { readProductCard, readProductHandle, readVariantCards } from "./products";
import { createWebPixel, readWebPixel, updateWebPixel } from "./web-pixel";
import { customerGid, type AdminApi, type AdminError, type AdminResult, type CustomerConsentInput, type DiscountCodeInput, type UpsertedCustomer } from "./admin-api";

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

export const CUSTOMER_BY_EMAIL = `#graphql
query CrmCustomerByEmail($query: String!) {
  customers(first: 1, query: $query) { nodes { id } }
}`;

export const CUSTOMER_CREATE = `#graphql
mutation CrmCustomerCreate($input: CustomerInput!) {
  customerCreate(input: $input) {
    customer { id }
    userErrors { field message }
  }
}`;

export const CUSTOMER_UPDATE = `#graphql
mutation CrmCustomerUpdate($input: CustomerInput!) {
  customerUpdate(input: $input) {
    customer { id }
    userErrors { field message }
  }
}`;

export const CUSTOMER_EMAIL_MARKETING_CONSENT_UPDATE = `#graphql
mutation CrmCustomerEmailMarketingConsentUpdate($input: CustomerEmailMarketingConsentUpdateInput!) {
  customerEmailMarketingConsentUpdate(input: $input) {
    customer { id }
    userErrors { field code message }
  }
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
  if (errors.some((e) => e.extensions?.code === "ACCESS_DENIED")) return { kind: "access_denied", message };
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

/** One request; every failure (thrown, HTTP, GraphQL errors) is an AdminError value. */
export async function run(client: () => Promise<GraphqlClient>, query: string, variables: Record<string, unknown>): Promise<AdminResult<unknown>> {
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

type UserErrorRow = { field?: string[] | null; code?: string | null; message: string };
type CustomerPayload = { customer?: { id: string } | null; userErrors?: UserErrorRow[] } | null | undefined;

function userErrorOf(row: UserErrorRow): AdminError {
  // customerCreate's UserError has no code; Shopify says "Email has already been taken".
  const code = row.code ?? (/already been taken/i.test(row.message) ? "TAKEN" : null);
  return { kind: "user_error", message: row.message, field: row.field ?? null, code };
}

function customerIdOf(payload: CustomerPayload): AdminResult<string> {
  const userError = payload?.userErrors?.[0];
  if (userError) return { ok: false, error: userErrorOf(userError) };
  const id = payload?.customer?.id;
  if (!id) return { ok: false, error: { kind: "network", message: "Shopify returned no customer and no error" } };
  return { ok: true, value: id };
}

/** Our tables hold the numeric id, as the webhooks carry it. */
function numericId(gid: string): string {
  return gid.slice(gid.lastIndexOf("/") + 1);
}

const subscribed = (input: CustomerConsentInput) => ({ marketingState: "SUBSCRIBED", marketingOptInLevel: input.optInLevel ?? "SINGLE_OPT_IN" });

async function findCustomerByEmail(call: (query: string, variables: Record<string, unknown>) => Promise<AdminResult<unknown>>, email: string): Promise<AdminResult<string | null>> {
  const found = await call(CUSTOMER_BY_EMAIL, { query: `email:"${email.trim().toLowerCase().replace(/["\\]/g, "")}"` });
  if (!found.ok) return found;
  const nodes = (found.value as { customers?: { nodes?: { id: string }[] } } | undefined)?.customers?.nodes ?? [];
  return { ok: true, value: nodes[0]?.id ?? null };
}

async function upsertCustomer(call: (query: string, variables: Record<string, unknown>) => Promise<AdminResult<unknown>>, input: CustomerConsentInput): Promise<AdminResult<UpsertedCustomer>> {
  const email = input.email.trim().toLowerCase();
  const find = () => findCustomerByEmail(call, email);
  const update = async (id: string): Promise<AdminResult<UpsertedCustomer>> => {
    if (input.locale) {
      const updated = await call(CUSTOMER_UPDATE, { input: { id, locale: input.locale } });
      if (!updated.ok) return updated;
      const checked = customerIdOf((updated.value as { customerUpdate?: CustomerPayload } | undefined)?.customerUpdate);
      if (!checked.ok) return checked;
    }
    if (input.consent) {
      const consented = await call(CUSTOMER_EMAIL_MARKETING_CONSENT_UPDATE, {
        input: { customerId: id, emailMarketingConsent: subscribed(input) },
      });
      if (!consented.ok) return consented;
      const checked = customerIdOf((consented.value as { customerEmailMarketingConsentUpdate?: CustomerPayload } | undefined)?.customerEmailMarketingConsentUpdate);
      if (!checked.ok) return checked;
    }
    return { ok: true, value: { customerShopifyId: numericId(id), created: false } };
  };

  const existing = await find();
  if (!existing.ok) return existing;
  if (existing.value) return update(existing.value);

  const created = await call(CUSTOMER_CREATE, {
    input: { email, ...(input.locale ? { locale: input.locale } : {}), ...(input.consent ? { emailMarketingConsent: subscribed(input) } : {}) },
  });
  if (!created.ok) return created;
  const id = customerIdOf((created.value as { customerCreate?: CustomerPayload } | undefined)?.customerCreate);
  if (id.ok) return { ok: true, value: { customerShopifyId: numericId(id.value), created: true } };
  // Created by someone else between our lookup and our create (a checkout, a second tab): update it.
  if (id.error.kind === "user_error" && id.error.code === "TAKEN") {
    const again = await find();
    if (!again.ok) return again;
    if (again.value) return update(again.value);
  }
  return id;
}

/** Cents as Shopify's Decimal (a string, so no float rounding on the way). */
function decimal(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** A fixed amount comes off the order once (not off each item); otherwise a percentage. */
function discountValue(input: DiscountCodeInput): Record<string, unknown> {
  return input.amountOffCents ? { discountAmount: { amount: decimal(input.amountOffCents), appliesOnEachItem: false } } : { percentage: input.percentOff / 100 };
}

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
        customerGets: { value: discountValue(input), items: { all: true } },
        ...(input.minimumSubtotalCents ? { minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: decimal(input.minimumSubtotalCents) } } } : {}),
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

    upsertCustomerWithConsent(shop, input) {
      return upsertCustomer((query, variables) => run(() => getAdmin(shop), query, variables), input);
    },

    productHandle: (shop, id) => readProductHandle((q, v) => run(() => getAdmin(shop), q, v), id),
    productCard: (shop, id) => readProductCard((q, v) => run(() => getAdmin(shop), q, v), id),
    variantCards: (shop, ids) => readVariantCards((q, v) => run(() => getAdmin(shop), q, v), ids),
    startBulkQuery: (shop, query) => startBulkQuery((q, v) => run(() => getAdmin(shop), q, v), query),
    bulkOperation: (shop, id) => readBulkOperation((q, v) => run(() => getAdmin(shop), q, v), id),
    readWebPixel: (shop) => readWebPixel((q, v) => run(() => getAdmin(shop), q, v)),
    createWebPixel: (shop, settings) => createWebPixel((q, v) => run(() => getAdmin(shop), q, v), settings),
    updateWebPixel: (shop, id, settings) => updateWebPixel((q, v) => run(() => getAdmin(shop), q, v), id, settings),

    async unsubscribeCustomer(shop, who) {
      const call = (query: string, variables: Record<string, unknown>) => run(() => getAdmin(shop), query, variables);
      let id = who.customerShopifyId ? customerGid(who.customerShopifyId) : null;
      if (!id) {
        const found = await findCustomerByEmail(call, who.email);
        if (!found.ok) return found;
        if (!found.value) return { ok: true, value: null };
        id = found.value;
      }
      const result = await call(CUSTOMER_EMAIL_MARKETING_CONSENT_UPDATE, {
        input: { customerId: id, emailMarketingConsent: { marketingState: "UNSUBSCRIBED", consentUpdatedAt: who.at.toISOString() } },
      });
      if (!result.ok) return result;
      const checked = customerIdOf((result.value as { customerEmailMarketingConsentUpdate?: CustomerPayload } | undefined)?.customerEmailMarketingConsentUpdate);
      if (!checked.ok) return checked.error.kind === "user_error" && /not (be )?found|does not exist/i.test(checked.error.message) ? { ok: true, value: null } : checked;
      return { ok: true, value: numericId(checked.value) };
    },
  };
}
