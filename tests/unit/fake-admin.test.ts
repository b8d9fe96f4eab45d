import { describe, expect, it } from "vitest";
import { createFakeAdminApi } from "~/.server/shopify/fake-admin";
import {
  CUSTOMER_BY_EMAIL,
  CUSTOMER_CREATE,
  CUSTOMER_EMAIL_MARKETING_CONSENT_UPDATE,
  CUSTOMER_ORDER_COUNT,
  DISCOUNT_CODE_BASIC_CREATE,
  createShopifyAdminApi,
  type GraphqlClient,
} from "~/.server/shopify/graphql-admin";

const SHOP = "a.myshopify.com";
const OTHER = "b.myshopify.com";
const start = new Date("2026-03-01T00:00:00Z");
const end = new Date("2026-03-15T00:00:00Z");
const input = (code: string, over: Partial<{ percentOff: number; startsAt: Date; endsAt: Date }> = {}) => ({
  title: "welcome 10%",
  code,
  percentOff: 10,
  startsAt: start,
  endsAt: end,
  customerShopifyId: "42",
  ...over,
});

describe("the fake Admin API answers like Shopify", () => {
  it("refuses a code already used in the shop, ignoring case, but not one used in another shop", async () => {
    const admin = createFakeAdminApi();
    const first = await admin.createDiscountCode(SHOP, input("WELCOME-ABC"));
    expect(first).toEqual({ ok: true, value: { discountId: "gid://shopify/DiscountCodeNode/1", code: "WELCOME-ABC" } });
    expect(await admin.createDiscountCode(SHOP, input("welcome-abc"))).toEqual({
      ok: false,
      error: { kind: "user_error", code: "TAKEN", field: ["basicCodeDiscount", "code"], message: "Code must be unique. Please try a different code." },
    });
    const elsewhere = await admin.createDiscountCode(OTHER, input("welcome-abc"));
    expect(elsewhere).toMatchObject({ ok: true, value: { discountId: "gid://shopify/DiscountCodeNode/2" } });
    expect(admin.codes(SHOP)).toEqual(["WELCOME-ABC"]);
    expect(admin.codes(OTHER)).toEqual(["welcome-abc"]);
  });

  it("refuses a window that ends before it starts", async () => {
    const admin = createFakeAdminApi();
    const result = await admin.createDiscountCode(SHOP, input("X1", { endsAt: start }));
    expect(result).toMatchObject({ ok: false, error: { kind: "user_error", field: ["basicCodeDiscount", "endsAt"] } });
    expect(admin.codes(SHOP)).toEqual([]);
  });

  it("refuses 0 % and more than 100 %", async () => {
    const admin = createFakeAdminApi();
    for (const percentOff of [0, -5, 101]) {
      expect(await admin.createDiscountCode(SHOP, input(`P${percentOff}`, { percentOff }))).toMatchObject({ ok: false, error: { kind: "user_error" } });
    }
    expect(await admin.createDiscountCode(SHOP, input("P100", { percentOff: 100 }))).toMatchObject({ ok: true });
  });

  it("throttles and drops the connection on demand, then recovers, logging every call", async () => {
    const admin = createFakeAdminApi({ orderCount: async () => 3 });
    admin.throttleNext(1);
    admin.failNetworkNext(1);
    expect(await admin.createDiscountCode(SHOP, input("T1"))).toMatchObject({ ok: false, error: { kind: "throttled" } });
    expect(await admin.customerOrderCount(SHOP, "42")).toMatchObject({ ok: false, error: { kind: "network" } });
    expect(await admin.customerOrderCount(SHOP, "42")).toEqual({ ok: true, value: 3 });
    expect(await admin.createDiscountCode(SHOP, input("T1"))).toMatchObject({ ok: true });
    expect(admin.calls.map((c) => c.op)).toEqual(["createDiscountCode", "customerOrderCount", "customerOrderCount", "createDiscountCode"]);
  });

  it("reports an unknown customer as not found, and a known one's orders", async () => {
    const counts: Record<string, number> = { "1": 0, "2": 2 };
    const admin = createFakeAdminApi({ orderCount: async (_shop, id) => counts[id] ?? null });
    expect(await admin.customerOrderCount(SHOP, "1")).toEqual({ ok: true, value: 0 });
    expect(await admin.customerOrderCount(SHOP, "2")).toEqual({ ok: true, value: 2 });
    expect(await admin.customerOrderCount(SHOP, "3")).toMatchObject({ ok: false, error: { kind: "not_found" } });
  });
});

/** A stand-in for `unauthenticated.admin(shop).admin` that answers each call with the next reply. */
function client(replies: (() => Response | Promise<Response>)[]) {
  const sent: { query: string; variables?: Record<string, unknown> }[] = [];
  const graphql: GraphqlClient = {
    async graphql(query, opts) {
      sent.push({ query, variables: opts?.variables });
      const next = replies.shift();
      if (!next) throw new Error("no reply queued");
      return next();
    },
  };
  return { sent, api: createShopifyAdminApi(async () => graphql) };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("the Shopify Admin GraphQL boundary", () => {
  it("creates a one-use percentage code for one customer", async () => {
    const { sent, api } = client([() => json({ data: { discountCodeBasicCreate: { codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/9" }, userErrors: [] } } })]);
    const result = await api.createDiscountCode(SHOP, input("WELCOME-ABC"));
    expect(result).toEqual({ ok: true, value: { discountId: "gid://shopify/DiscountCodeNode/9", code: "WELCOME-ABC" } });
    expect(sent[0].query).toBe(DISCOUNT_CODE_BASIC_CREATE);
    expect(sent[0].variables).toEqual({
      basicCodeDiscount: {
        title: "welcome 10%",
        code: "WELCOME-ABC",
        startsAt: start.toISOString(),
        endsAt: end.toISOString(),
        usageLimit: 1,
        appliesOncePerCustomer: true,
        context: { customers: { add: ["gid://shopify/Customer/42"] } },
        customerGets: { value: { percentage: 0.1 }, items: { all: true } },
      },
    });
  });

  it("opens a code without a customer to every buyer", async () => {
    const { sent, api } = client([() => json({ data: { discountCodeBasicCreate: { codeDiscountNode: { id: "gid://x/1" }, userErrors: [] } } })]);
    await api.createDiscountCode(SHOP, { ...input("ALL-1"), customerShopifyId: null });
    expect((sent[0].variables?.basicCodeDiscount as { context: unknown }).context).toEqual({ all: "ALL" });
  });

  it("passes Shopify's user errors through, and maps throttling, outages and missing customers", async () => {
    const thrownThrottle = Object.assign(new Error("GraphQL Client: Throttled"), {
      body: { errors: { graphQLErrors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] } },
    });
    const http429 = Object.assign(new Error("Shopify is throttling requests"), { response: { code: 429 } });
    const http502 = Object.assign(new Error("Shopify internal error"), { response: { code: 502 } });
    const { api } = client([
      () => json({ data: { discountCodeBasicCreate: { codeDiscountNode: null, userErrors: [{ field: ["basicCodeDiscount", "code"], code: "TAKEN", message: "Code must be unique." }] } } }),
      () => Promise.reject(thrownThrottle),
      () => Promise.reject(http429),
      () => Promise.reject(http502),
      () => Promise.reject(new TypeError("fetch failed")),
      () => json({ errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] }),
      () => json({}, 503),
      () => json({ data: { customer: null } }),
      () => json({ data: { customer: { numberOfOrders: "2" } } }),
    ]);
    expect(await api.createDiscountCode(SHOP, input("A"))).toEqual({
      ok: false,
      error: { kind: "user_error", field: ["basicCodeDiscount", "code"], code: "TAKEN", message: "Code must be unique." },
    });
    const kinds = [];
    for (let i = 0; i < 6; i++) {
      const r = await api.customerOrderCount(SHOP, "42");
      kinds.push(r.ok ? "ok" : r.error.kind);
    }
    expect(kinds).toEqual(["throttled", "throttled", "network", "network", "throttled", "network"]);
    expect(await api.customerOrderCount(SHOP, "42")).toMatchObject({ ok: false, error: { kind: "not_found" } });
    expect(await api.customerOrderCount(SHOP, "gid://shopify/Customer/42")).toEqual({ ok: true, value: 2 });
  });

  it("asks for the customer's order count by global id", async () => {
    const { sent, api } = client([() => json({ data: { customer: { numberOfOrders: "0" } } })]);
    expect(await api.customerOrderCount(SHOP, "7")).toEqual({ ok: true, value: 0 });
    expect(sent[0]).toEqual({ query: CUSTOMER_ORDER_COUNT, variables: { id: "gid://shopify/Customer/7" } });
  });
});

describe("customer signup through the Admin API", () => {
  const SUBSCRIBED = { marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN" };

  it("creates an unknown email as a subscribed customer", async () => {
    const { sent, api } = client([
      () => json({ data: { customers: { nodes: [] } } }),
      () => json({ data: { customerCreate: { customer: { id: "gid://shopify/Customer/31" }, userErrors: [] } } }),
    ]);
    expect(await api.upsertCustomerWithConsent(SHOP, { email: " Ada@Example.com", consent: true, locale: "ko" })).toEqual({ ok: true, value: { customerShopifyId: "31", created: true } });
    expect(sent.map((s) => s.query)).toEqual([CUSTOMER_BY_EMAIL, CUSTOMER_CREATE]);
    expect(sent[0].variables).toEqual({ query: 'email:"ada@example.com"' });
    expect(sent[1].variables).toEqual({ input: { email: "ada@example.com", locale: "ko", emailMarketingConsent: SUBSCRIBED } });
  });

  it("records consent on a customer Shopify already has, also when a create races another and gets TAKEN", async () => {
    const { sent, api } = client([
      () => json({ data: { customers: { nodes: [] } } }),
      () => json({ data: { customerCreate: { customer: null, userErrors: [{ field: ["email"], message: "Email has already been taken" }] } } }),
      () => json({ data: { customers: { nodes: [{ id: "gid://shopify/Customer/8" }] } } }),
      () => json({ data: { customerEmailMarketingConsentUpdate: { customer: { id: "gid://shopify/Customer/8" }, userErrors: [] } } }),
    ]);
    expect(await api.upsertCustomerWithConsent(SHOP, { email: "bo@example.com", consent: true })).toEqual({ ok: true, value: { customerShopifyId: "8", created: false } });
    expect(sent[3]).toEqual({ query: CUSTOMER_EMAIL_MARKETING_CONSENT_UPDATE, variables: { input: { customerId: "gid://shopify/Customer/8", emailMarketingConsent: SUBSCRIBED } } });
  });

  it("passes Shopify's refusal of the email on as a user error, and throttling as throttled", async () => {
    const { api } = client([
      () => json({ data: { customers: { nodes: [] } } }),
      () => json({ data: { customerCreate: { customer: null, userErrors: [{ field: ["email"], message: "Email is invalid" }] } } }),
      () => json({ errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] }),
    ]);
    expect(await api.upsertCustomerWithConsent(SHOP, { email: "x@y.z", consent: true })).toEqual({
      ok: false,
      error: { kind: "user_error", field: ["email"], message: "Email is invalid", code: null },
    });
    expect(await api.upsertCustomerWithConsent(SHOP, { email: "x@y.z", consent: true })).toMatchObject({ ok: false, error: { kind: "throttled" } });
  });

  it("the fake refuses an invalid email, creates once per email, and announces each write", async () => {
    const changes: unknown[] = [];
    const fake = createFakeAdminApi({ onCustomerChange: async (_shop, change) => void changes.push(change) });
    expect(await fake.upsertCustomerWithConsent(SHOP, { email: "no spaces@example.com", consent: true })).toMatchObject({ ok: false, error: { kind: "user_error", field: ["email"], message: "Email is invalid" } });
    const first = await fake.upsertCustomerWithConsent(SHOP, { email: "Mina@Example.com", consent: true });
    const second = await fake.upsertCustomerWithConsent(SHOP, { email: "mina@example.com", consent: true });
    expect(first).toMatchObject({ ok: true, value: { created: true } });
    expect(second).toMatchObject({ ok: true, value: { created: false } });
    if (!first.ok || !second.ok) return;
    expect(second.value.customerShopifyId).toBe(first.value.customerShopifyId);
    expect(fake.customers(SHOP)).toEqual([{ shopifyId: first.value.customerShopifyId, email: "mina@example.com", locale: null, consent: "subscribed" }]);
    expect(fake.customers(OTHER)).toEqual([]);
    expect(changes).toHaveLength(2);
  });

  it("the fake updates a customer Shopify already had instead of creating one", async () => {
    const fake = createFakeAdminApi();
    fake.seedCustomer(SHOP, { shopifyId: "77", email: "old@example.com", locale: "en", consent: "not_subscribed" });
    expect(await fake.upsertCustomerWithConsent(SHOP, { email: "old@example.com", consent: true })).toEqual({ ok: true, value: { customerShopifyId: "77", created: false } });
    expect(fake.customers(SHOP)[0]).toMatchObject({ consent: "subscribed", locale: "en" });
  });

  it("the fake refuses what Shopify refuses: a field whose scope the app lacks, and a document that does not validate", async () => {
    const fake = createFakeAdminApi({ scopes: ["read_customers", "read_orders", "write_discounts"] });
    const signup = await fake.upsertCustomerWithConsent(SHOP, { email: "new@example.com", consent: true });
    expect(signup).toMatchObject({ ok: false, error: { kind: "access_denied", message: expect.stringContaining("write_customers") } });
    expect(fake.customers(SHOP)).toEqual([]);
    const refusal = fake.requests.find((r) => r.refused)!;
    expect(refusal).toMatchObject({ operation: "CrmCustomerCreate", refused: [{ path: ["customerCreate"], extensions: { code: "ACCESS_DENIED", requiredAccess: "`write_customers` access scope." } }] });

    const bad = fake.client(SHOP).graphql(`query { customer(id: 1) { numberOfOrderz } }`);
    await expect(bad).rejects.toMatchObject({ body: { errors: [{ message: expect.stringContaining("numberOfOrderz") }] } });
    const wrongVariable = fake.client(SHOP).graphql(CUSTOMER_ORDER_COUNT, { variables: { id: null } });
    await expect(wrongVariable).rejects.toMatchObject({ body: { errors: [{ message: expect.stringContaining('"$id" of non-null type "ID!"') }] } });
  });
});

describe("product cards through the Admin API", () => {
  it("reads every variant of an email in one request: the variant's picture, else the product's, none when neither", async () => {
    const admin = createFakeAdminApi({
      variant: (_shop, id) =>
        id === "404" ? null : { productShopifyId: id === "3" ? "30" : "10", title: id === "1" ? "Default Title" : "500 g", image: id === "2" ? { url: "https://cdn.shopify.example/v2.jpg", altText: "Half a kilo" } : null },
      productHandle: (_shop, id) => `handle-${id}`,
      productImage: (_shop, id) => (id === "30" ? null : { url: `https://cdn.shopify.example/p${id}.jpg`, altText: null }),
    });
    const result = await admin.variantCards(SHOP, ["1", "2", "3", "404"]);
    expect(result).toEqual({
      ok: true,
      value: [
        expect.objectContaining({ variantShopifyId: "1", productShopifyId: "10", handle: "handle-10", variantTitle: null, imageUrl: "https://cdn.shopify.example/p10.jpg", imageAlt: null }),
        expect.objectContaining({ variantShopifyId: "2", variantTitle: "500 g", imageUrl: "https://cdn.shopify.example/v2.jpg", imageAlt: "Half a kilo" }),
        expect.objectContaining({ variantShopifyId: "3", productShopifyId: "30", imageUrl: null }),
      ],
    });
    expect(admin.requests.filter((r) => r.operation === "CrmVariantCards")).toHaveLength(1);
  });

  it("refuses the read without read_products, as Shopify does", async () => {
    const admin = createFakeAdminApi({ scopes: ["write_customers", "read_orders"] });
    const result = await admin.variantCards(SHOP, ["1"]);
    expect(result).toMatchObject({ ok: false, error: { kind: "access_denied" } });
    expect(admin.requests.at(-1)?.refused).not.toBeNull();
  });
});
