// A stand-in for Shopify's Admin GraphQL API, for the demo and for tests. It sits where Shopify sits:
// the app's real adapter (graphql-admin.ts) sends it the real documents and variables, and it judges
// each request by Shopify's published schema for the app's API version before answering. A document
// that does not validate, variables that do not coerce, or a field whose access scope the app was not
// granted are refused the way Shopify refuses them (`ACCESS_DENIED`, no data), and the client throws
// on them as `admin.graphql` does. Its answers go through graphql-js's executor against the same
// schema, so they have exactly the shape Shopify's would. Behind that: codes unique per shop ignoring
// case, windows and percentages checked, customers found by email, one web pixel per store with the
// settings its extension's TOML declares, and throttling or an outage on demand.
import { createHash } from "node:crypto";
import { execute, GraphQLError, type GraphQLFormattedError } from "graphql";
import { API_VERSION, appScopes } from "./app-config";
import { checkRequest, loadAdminSchema } from "./admin-schema";
import { createFakeBulk } from "./fake-bulk";
import { createFakeDiscounts, type DiscountInput } from "./fake-discounts";
import { createFakeWebPixels } from "./fake-web-pixels";
import type { FakeAdminApi, FakeAdminCall, FakeAdminOptions, FakeCustomer, FakeGraphqlRequest, FakeImage, FakeShopProfile } from "./fake-admin-types";
import { createShopifyAdminApi, type GraphqlClient } from "./graphql-admin";

export * from "./fake-admin-types";

/** Thrown for a response carrying GraphQL errors, as the Shopify client's GraphqlQueryError is. */
export class FakeGraphqlQueryError extends Error {
  constructor(readonly body: { errors: GraphQLFormattedError[]; data?: unknown }) {
    super(`GraphQL Client: ${body.errors.map((e) => e.message).join("; ")}`);
    this.name = "GraphqlQueryError";
  }
}

/** Shopify's own check is looser than RFC 5322 and stricter than "has an @": one @, a dotted domain, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Stable per email, so a restarted demo gives a returning shopper the same id. */
function customerIdFor(shop: string, email: string): string {
  return String(BigInt(`0x${createHash("sha256").update(`${shop}:${email}`).digest("hex").slice(0, 12)}`) + 10n ** 12n);
}

const gid = (type: string, id: string) => `gid://shopify/${type}/${id}`;
const numeric = (id: string) => id.slice(id.lastIndexOf("/") + 1);

export function defaultShopProfile(shop: string): FakeShopProfile {
  return { name: shop.replace(/\.myshopify\.com$/, ""), email: `owner@${shop}`, timezone: "UTC", countryCode: "US", primaryDomain: `https://${shop}`, locales: [{ locale: "en", primary: true }] };
}

type Book = Map<string, FakeCustomer>;

const mediaImage = (image: FakeImage) => ({ __typename: "MediaImage", preview: { image: { url: image.url, altText: image.altText } } });
type UserError = { field: string[]; message: string; code?: string | null };

export function createFakeAdminApi(opts: FakeAdminOptions = {}): FakeAdminApi {
  const orderCount = opts.orderCount ?? (async () => 0);
  const profileOf = opts.shopProfile ?? defaultShopProfile;
  const granted = opts.scopes ?? appScopes();
  const version = opts.apiVersion ?? API_VERSION;
  const discounts = createFakeDiscounts();
  const pixels = createFakeWebPixels(opts.webPixelExtensionDir);
  const customersByShop = new Map<string, Book>();
  const customerBook = (shop: string): Book => {
    let book = customersByShop.get(shop);
    if (!book) customersByShop.set(shop, (book = new Map()));
    return book;
  };
  const calls: FakeAdminCall[] = [];
  const requests: FakeGraphqlRequest[] = [];
  let throttled = 0;
  let unreachable = 0;

  const known = async (shop: string, email: string): Promise<FakeCustomer | null> => {
    const book = customerBook(shop);
    const found = book.get(email) ?? (await opts.findCustomer?.(shop, email)) ?? null;
    if (found) book.set(email, found);
    return found;
  };
  const byId = async (shop: string, id: string): Promise<FakeCustomer | null> => {
    const book = customerBook(shop);
    const found = [...book.values()].find((c) => c.shopifyId === numeric(id)) ?? (await opts.findCustomerById?.(shop, numeric(id))) ?? null;
    if (found) book.set(found.email, found);
    return found;
  };
  const write = async (shop: string, customer: FakeCustomer, created: boolean) => {
    customerBook(shop).set(customer.email, customer);
    await opts.onCustomerChange?.(shop, { customer: { ...customer }, created });
    return { customer: { id: gid("Customer", customer.shopifyId) }, userErrors: [] as UserError[] };
  };
  const refusedCustomer = (field: string[], message: string) => ({ customer: null, userErrors: [{ field, message }] });

  const product = (shop: string, n: string) => {
    const handle = opts.productHandle ? opts.productHandle(shop, n) : `product-${n}`;
    if (handle === null) return null;
    const image = opts.productImage ? opts.productImage(shop, n) : null;
    return {
      id: gid("Product", n),
      handle,
      title: opts.productTitle ? opts.productTitle(shop, n) : `Product ${n}`,
      status: opts.draftProducts?.includes(n) ? "DRAFT" : "ACTIVE",
      updatedAt: opts.productUpdatedAt ? opts.productUpdatedAt(shop, n) : "2026-01-01T00:00:00Z",
      featuredMedia: image ? mediaImage(image) : null,
      priceRangeV2: { minVariantPrice: opts.productPrice ? opts.productPrice(shop, n) : { amount: "25.0", currencyCode: "USD" } },
    };
  };

  /** Root fields, resolved by graphql-js with the coerced arguments Shopify would see. */
  const root = (shop: string) => ({
    shop: () => {
      const p = profileOf(shop);
      const host = p.primaryDomain.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
      return {
        name: p.name,
        email: p.email,
        contactEmail: p.email,
        ianaTimezone: p.timezone,
        myshopifyDomain: shop,
        shopAddress: { countryCodeV2: p.countryCode },
        primaryDomain: { url: p.primaryDomain, host, id: gid("Domain", "1") },
      };
    },
    shopLocales: ({ published }: { published?: boolean }) => profileOf(shop).locales.map((l) => ({ ...l, name: l.locale, published: published ?? true })),

    customer: async ({ id }: { id: string }) => {
      const count = await orderCount(shop, numeric(id));
      return count === null ? null : { id, numberOfOrders: String(count) };
    },
    customers: async ({ query }: { query?: string }) => {
      const email = /email:"?([^"\s]+)"?/.exec(query ?? "")?.[1]?.toLowerCase();
      const found = email ? await known(shop, email) : null;
      return { nodes: found ? [{ id: gid("Customer", found.shopifyId) }] : [] };
    },
    customerCreate: async ({ input }: { input: { email?: string; locale?: string; emailMarketingConsent?: { marketingState?: string } } }) => {
      const email = (input.email ?? "").trim().toLowerCase();
      if (!EMAIL.test(email)) return refusedCustomer(["email"], "Email is invalid");
      if (await known(shop, email)) return refusedCustomer(["email"], "Email has already been taken");
      const consent = input.emailMarketingConsent?.marketingState === "SUBSCRIBED" ? "subscribed" : "not_subscribed";
      return write(shop, { shopifyId: customerIdFor(shop, email), email, locale: input.locale ?? null, consent }, true);
    },
    customerUpdate: async ({ input }: { input: { id?: string; locale?: string } }) => {
      const customer = input.id ? await byId(shop, input.id) : null;
      if (!customer) return refusedCustomer(["id"], "Customer does not exist");
      return write(shop, { ...customer, locale: input.locale ?? customer.locale }, false);
    },
    customerEmailMarketingConsentUpdate: async ({ input }: { input: { customerId: string; emailMarketingConsent: { marketingState: string } } }) => {
      const customer = (await byId(shop, input.customerId)) ?? null;
      if (!customer) return { customer: null, userErrors: [{ field: ["input", "customerId"], message: "Customer not found", code: "INVALID" }] };
      const state = input.emailMarketingConsent.marketingState;
      const consent: FakeCustomer["consent"] = state === "SUBSCRIBED" ? "subscribed" : state === "UNSUBSCRIBED" ? "unsubscribed" : state === "NOT_SUBSCRIBED" ? "not_subscribed" : customer.consent;
      return write(shop, { ...customer, consent }, false);
    },
    discountCodeBasicCreate: ({ basicCodeDiscount: d }: { basicCodeDiscount: DiscountInput }) => discounts.create(shop, d),

    // Shopify checks the inner query as it would a request, scopes included.
    bulkOperationRunQuery: ({ query }: { query: string }) => {
      const checked = checkRequest(loadAdminSchema(version), query, {}, granted);
      if (!checked.ok) return { bulkOperation: null, userErrors: [{ field: ["query"], code: "INVALID", message: checked.errors.map((e) => e.message).join("; ") }] };
      const started = bulk.start(shop, query);
      if (!started.ok) return { bulkOperation: null, userErrors: [{ field: null, code: "OPERATION_IN_PROGRESS", message: started.message }] };
      return { bulkOperation: { id: started.id, status: started.status }, userErrors: [] };
    },
    node: ({ id }: { id: string }) => bulk.node(id),
    webPixel: ({ id }: { id?: string }) => {
      const pixel = pixels.find(shop, id);
      if (!pixel) throw new GraphQLError("No web pixel was found for this app.");
      return { id: pixel.id, settings: JSON.stringify(pixel.settings) };
    },
    webPixelCreate: ({ webPixel }: { webPixel: { settings: unknown } }) => pixels.create(shop, webPixel.settings),
    webPixelUpdate: ({ id, webPixel }: { id: string; webPixel: { settings: unknown } }) => pixels.update(shop, id, webPixel.settings),
    product: ({ id }: { id: string }) => product(shop, numeric(id)),
    // Shopify answers null for an id it does not know, in its place in the list.
    nodes: ({ ids }: { ids: string[] }) =>
      ids.map((id) => {
        if (!id.startsWith("gid://shopify/ProductVariant/")) return null;
        const n = numeric(id);
        const v = opts.variant ? opts.variant(shop, n) : { productShopifyId: n, title: "Default Title", image: null };
        const owner = v && product(shop, v.productShopifyId);
        if (!v || !owner) return null;
        return { __typename: "ProductVariant", id, title: v.title, media: { nodes: v.image ? [mediaImage(v.image)] : [] }, product: owner };
      }),
  });

  const bulk = createFakeBulk();
  const bulkCustomers = async (shop: string): Promise<object[]> => {
    if (opts.existingCustomers) return opts.existingCustomers(shop);
    const lines: object[] = [];
    for (const c of customerBook(shop).values()) {
      const orders = (await orderCount(shop, c.shopifyId)) ?? 0;
      const state = c.consent === "subscribed" ? "SUBSCRIBED" : c.consent === "unsubscribed" ? "UNSUBSCRIBED" : "NOT_SUBSCRIBED";
      lines.push({
        id: gid("Customer", c.shopifyId),
        firstName: null,
        lastName: null,
        locale: c.locale ?? "en",
        createdAt: "2024-01-01T00:00:00Z",
        numberOfOrders: String(orders),
        amountSpent: { amount: "0.0", currencyCode: "USD" },
        lastOrder: null,
        defaultEmailAddress: { emailAddress: c.email, marketingState: state, marketingUpdatedAt: null },
      });
    }
    return lines;
  };

  const client = (shop: string): GraphqlClient => ({
    async graphql(query, request) {
      const variables = request?.variables ?? {};
      const log: FakeGraphqlRequest = { shop, operation: /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? null, variables, refused: null };
      requests.push(log);
      const refuse = (errors: GraphQLFormattedError[]): never => {
        log.refused = errors;
        throw new FakeGraphqlQueryError({ errors, data: null });
      };
      if (throttled > 0) {
        throttled--;
        refuse([{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }]);
      }
      if (unreachable > 0) {
        unreachable--;
        throw new TypeError("fetch failed: connect ECONNREFUSED");
      }
      const schema = loadAdminSchema(version);
      const checked = checkRequest(schema, query, variables, granted);
      if (!checked.ok) return refuse(checked.errors);
      const result = await execute({ schema: schema.schema, document: checked.document, rootValue: root(shop), variableValues: variables });
      if (result.errors?.length) refuse(result.errors.map((e) => e.toJSON()));
      return new Response(JSON.stringify({ data: result.data, extensions: { cost: { requestedQueryCost: 1 } } }), { status: 200, headers: { "content-type": "application/json" } });
    },
  });

  const adapter = createShopifyAdminApi(async (shop) => client(shop));

  return {
    calls,
    requests,
    client,
    bulk,
    bulkCustomers,
    webPixel: (shop) => pixels.get(shop),
    throttleNext: (n) => void (throttled += n),
    failNetworkNext: (n) => void (unreachable += n),
    codes: (shop) => discounts.list(shop).map((d) => d.code),
    discounts: (shop) => discounts.list(shop),
    customers: (shop) => [...customerBook(shop).values()].map((c) => ({ ...c })),
    seedCustomer: (shop, customer) => void customerBook(shop).set(customer.email.toLowerCase(), { ...customer, email: customer.email.toLowerCase() }),

    createDiscountCode(shop, input) {
      calls.push({ op: "createDiscountCode", shop, input: { ...input } });
      return adapter.createDiscountCode(shop, input);
    },
    customerOrderCount(shop, customerShopifyId) {
      calls.push({ op: "customerOrderCount", shop, customerShopifyId });
      return adapter.customerOrderCount(shop, customerShopifyId);
    },
    upsertCustomerWithConsent(shop, input) {
      calls.push({ op: "upsertCustomerWithConsent", shop, input: { ...input } });
      return adapter.upsertCustomerWithConsent(shop, input);
    },
    productCard(shop, id) {
      return adapter.productCard(shop, id);
    },
    productHandle(shop, id) {
      return adapter.productHandle(shop, id);
    },
    variantCards(shop, ids) {
      return adapter.variantCards(shop, ids);
    },
    startBulkQuery(shop, query) {
      return adapter.startBulkQuery(shop, query);
    },
    bulkOperation(shop, id) {
      return adapter.bulkOperation(shop, id);
    },
    readWebPixel: (shop) => adapter.readWebPixel(shop),
    createWebPixel: (shop, settings) => adapter.createWebPixel(shop, settings),
    updateWebPixel: (shop, id, settings) => adapter.updateWebPixel(shop, id, settings),
    unsubscribeCustomer(shop, who) {
      calls.push({ op: "unsubscribeCustomer", shop, customerShopifyId: who.customerShopifyId, email: who.email });
      return adapter.unsubscribeCustomer(shop, who);
    },
  };
}
