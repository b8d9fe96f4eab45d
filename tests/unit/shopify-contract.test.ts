// The app against Shopify's own published contract for its API version (the Admin schema and the
// access scope of every field, shipped offline in @shopify/dev-mcp): every GraphQL document under
// app/ validates, uses no deprecated field, needs no scope shopify.app.toml does not request, and every
// variables object the real adapter builds coerces to the types the document declares.
import fs from "node:fs";
import path from "node:path";
import { getVariableValues, parse, validate, type OperationDefinitionNode } from "graphql";
import { ApiVersion } from "@shopify/shopify-app-remix/server";
import { describe, expect, it } from "vitest";
import { loadAdminSchema, deniedFields, deprecatedUsages, supportedAdminVersions, checkRequest } from "~/.server/shopify/admin-schema";
import { API_VERSION, appScopes, readAppToml } from "~/.server/shopify/app-config";
import { createShopifyAdminApi, DISCOUNT_CODE_BASIC_CREATE, type GraphqlClient } from "~/.server/shopify/graphql-admin";
import { createFakeAdminApi } from "~/.server/shopify/fake-admin";
import { readShopProfile } from "~/.server/shopify/shop-profile";
import { CUSTOMER_BACKFILL_QUERY } from "~/.server/shopify/bulk";
import { pixelSettings } from "~/.server/pixel/settings";
import { WEB_PIXEL_CREATE } from "~/.server/shopify/web-pixel";
import { VARIANT_CARDS } from "~/.server/shopify/products";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Every `#graphql` template in app/, with where it stands. */
function documentsInApp(): { where: string; source: string }[] {
  const found: { where: string; source: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name)) {
        const text = fs.readFileSync(full, "utf8");
        for (const m of text.matchAll(/`#graphql\b([\s\S]*?)`/g)) {
          const line = text.slice(0, m.index).split("\n").length;
          found.push({ where: `${path.relative(ROOT, full)}:${line}`, source: m[1] });
        }
      }
    }
  };
  walk(path.join(ROOT, "app"));
  return found;
}

const operationName = (source: string) => (parse(source).definitions[0] as OperationDefinitionNode).name?.value ?? "(anonymous)";

const admin = loadAdminSchema(API_VERSION);
const documents = documentsInApp();

/** The real adapter, talking to a client that records each request and answers with empty data. */
function recordingAdapter() {
  const sent: { query: string; variables: Record<string, unknown> }[] = [];
  const client: GraphqlClient = {
    async graphql(query, opts) {
      sent.push({ query, variables: opts?.variables ?? {} });
      return new Response(JSON.stringify({ data: {} }), { status: 200 });
    },
  };
  return { sent, client, api: createShopifyAdminApi(async () => client) };
}

describe(`Shopify's Admin API ${API_VERSION} contract`, () => {
  it("has one API version: the TOML's webhook version, known to the library, still supported by Shopify", () => {
    expect(readAppToml(ROOT).webhooks?.api_version).toBe(API_VERSION);
    expect(Object.values(ApiVersion)).toContain(API_VERSION);
    const supported = supportedAdminVersions().map((v) => v.name).filter((v) => /^\d{4}-\d{2}$/.test(v)).sort();
    expect(supported).toContain(API_VERSION);
    // The oldest listed version leaves support within the quarter: be off it before then.
    expect(API_VERSION > supported[0]).toBe(true);
  });

  it("finds the app's documents", () => {
    expect(documents.map((d) => operationName(d.source)).sort()).toEqual(
      [
        "(anonymous)", // the bulk query of the customer backfill, run by Shopify
        "CrmBulkOperationRunQuery",
        "CrmBulkOperationStatus",
        "CrmCustomerByEmail",
        "CrmCustomerCreate",
        "CrmCustomerEmailMarketingConsentUpdate",
        "CrmCustomerOrderCount",
        "CrmCustomerUpdate",
        "CrmDiscountCodeBasicCreate",
        "CrmProductCard",
        "CrmProductHandle",
        "CrmShopProfile",
        "CrmVariantCards",
        "CrmWebPixel",
        "CrmWebPixelCreate",
        "CrmWebPixelUpdate",
      ].sort(),
    );
  });

  it("every document validates against the schema", () => {
    const problems = documents.flatMap((d) => validate(admin.schema, parse(d.source)).map((e) => `${d.where} ${operationName(d.source)}: ${e.message}`));
    expect(problems).toEqual([]);
  });

  it("every field and type a document uses has its access scope granted by shopify.app.toml", () => {
    const scopes = appScopes(ROOT);
    const problems = documents.flatMap((d) => deniedFields(admin, parse(d.source), scopes).map((x) => `${d.where} ${x.field}: needs ${x.requiredAccess}`));
    expect(problems).toEqual([]);
  });

  it("no document uses a field or value the schema marks deprecated", () => {
    const problems = documents.flatMap((d) => deprecatedUsages(admin, parse(d.source)).map((m) => `${d.where}: ${m}`));
    expect(problems).toEqual([]);
  });

  it("every variables object the adapter builds coerces to the document's declared types", async () => {
    const { sent, client, api } = recordingAdapter();
    const when = { startsAt: new Date("2026-03-01T00:00:00Z"), endsAt: new Date("2026-03-15T00:00:00Z") };
    await api.createDiscountCode("a.myshopify.com", { title: "welcome", code: "WELCOME-1", percentOff: 10, customerShopifyId: "42", ...when });
    await api.createDiscountCode("a.myshopify.com", { title: "exit", code: "EXIT-1", percentOff: 100, customerShopifyId: null, ...when });
    await api.createDiscountCode("a.myshopify.com", { title: "fixed", code: "FIXED-1", percentOff: 0, amountOffCents: 300_000, minimumSubtotalCents: 3_000_000, customerShopifyId: "42", ...when });
    await api.customerOrderCount("a.myshopify.com", "42");
    await api.customerOrderCount("a.myshopify.com", "gid://shopify/Customer/42");
    await api.upsertCustomerWithConsent("a.myshopify.com", { email: "ada@example.com", consent: true, locale: "ko" });
    await api.upsertCustomerWithConsent("a.myshopify.com", { email: 'quote"d@example.com', consent: false });
    await api.upsertCustomerWithConsent("a.myshopify.com", { email: "bo@example.com", consent: true, optInLevel: "CONFIRMED_OPT_IN" });
    await readShopProfile("a.myshopify.com", client);
    await api.startBulkQuery("a.myshopify.com", CUSTOMER_BACKFILL_QUERY);
    await api.bulkOperation("a.myshopify.com", "gid://shopify/BulkOperation/1");
    await api.productHandle("a.myshopify.com", "632910392");
    await api.productCard("a.myshopify.com", "632910392");
    await api.variantCards("a.myshopify.com", ["808950810", "gid://shopify/ProductVariant/49148385378648190"]);
    await api.unsubscribeCustomer("a.myshopify.com", { customerShopifyId: "42", email: "ada@example.com", at: when.startsAt });
    await api.readWebPixel("a.myshopify.com");
    await api.createWebPixel("a.myshopify.com", pixelSettings("https://crm.example", "k".repeat(32)));
    await api.updateWebPixel("a.myshopify.com", "gid://shopify/WebPixel/1", pixelSettings("https://crm.example", "k".repeat(32)));
    // The empty answers stop the upsert after its lookup and its create: the update paths are built here.
    const adapter = createShopifyAdminApi(async () => ({
      graphql: async (query, opts) => {
        sent.push({ query, variables: opts?.variables ?? {} });
        const data = query.includes("CrmCustomerByEmail") ? { customers: { nodes: [{ id: "gid://shopify/Customer/8" }] } } : { customerUpdate: { customer: { id: "gid://shopify/Customer/8" }, userErrors: [] }, customerEmailMarketingConsentUpdate: { customer: { id: "gid://shopify/Customer/8" }, userErrors: [] } };
        return new Response(JSON.stringify({ data }), { status: 200 });
      },
    }));
    await adapter.upsertCustomerWithConsent("a.myshopify.com", { email: "bo@example.com", consent: true, locale: "en" });

    const problems: string[] = [];
    for (const request of sent) {
      const operation = parse(request.query).definitions[0] as OperationDefinitionNode;
      const coerced = getVariableValues(admin.schema, operation.variableDefinitions ?? [], request.variables);
      for (const e of coerced.errors ?? []) problems.push(`${operation.name?.value}: ${e.message}`);
    }
    expect(problems).toEqual([]);
    // Every document was sent at least once.
    // Every document was sent at least once (the bulk query travels inside CrmBulkOperationRunQuery).
    const bulkQueries = sent.flatMap((s) => (typeof s.variables.query === "string" && s.query.includes("bulkOperationRunQuery") ? [operationName(s.variables.query)] : []));
    expect(new Set([...sent.map((s) => operationName(s.query)), ...bulkQueries])).toEqual(new Set(documents.map((d) => operationName(d.source))));
  });
});

describe("fixed-amount codes with a minimum order", () => {
  it("take an amount off the order once and ask for a subtotal, as Shopify's schema declares them", async () => {
    const { sent, api } = recordingAdapter();
    const when = { startsAt: new Date("2026-03-01T00:00:00Z"), endsAt: new Date("2026-03-14T14:59:59Z") };
    await api.createDiscountCode("a.myshopify.com", { title: "welcome", code: "WELCOME-2", percentOff: 0, amountOffCents: 300_000, minimumSubtotalCents: 3_000_000, customerShopifyId: null, ...when });
    const d = sent[0].variables.basicCodeDiscount as Record<string, unknown>;
    expect(d.customerGets).toEqual({ value: { discountAmount: { amount: "3000.00", appliesOnEachItem: false } }, items: { all: true } });
    expect(d.minimumRequirement).toEqual({ subtotal: { greaterThanOrEqualToSubtotal: "30000.00" } });
    expect(checkRequest(admin, DISCOUNT_CODE_BASIC_CREATE, sent[0].variables, appScopes(ROOT))).toMatchObject({ ok: true });
    // A percentage code asks for no minimum unless one is set.
    await api.createDiscountCode("a.myshopify.com", { title: "welcome", code: "WELCOME-3", percentOff: 10, customerShopifyId: null, ...when });
    expect((sent[1].variables.basicCodeDiscount as Record<string, unknown>).minimumRequirement).toBeUndefined();
    // The schema refuses a misspelt minimum: the check would catch a document or adapter drifting from it.
    const misspelt = { basicCodeDiscount: { ...d, minimumRequirement: { subtotal: { greaterThanOrEqualTo: "30000.00" } } } };
    expect(checkRequest(admin, DISCOUNT_CODE_BASIC_CREATE, misspelt, appScopes(ROOT))).toMatchObject({ ok: false });
  });

  it("are refused by the fake as Shopify refuses them: no amount at zero, not both a percentage and an amount", async () => {
    const fake = createFakeAdminApi();
    const when = { startsAt: new Date("2026-03-01T00:00:00Z"), endsAt: new Date("2026-03-14T14:59:59Z"), customerShopifyId: null };
    expect(await fake.createDiscountCode("a.myshopify.com", { title: "x", code: "F1", percentOff: 0, amountOffCents: 300_000, minimumSubtotalCents: 3_000_000, ...when })).toMatchObject({ ok: true });
    expect(fake.discounts("a.myshopify.com")[0]).toMatchObject({ percentOff: 0, amountOff: "3000.00", minimumSubtotal: "30000.00" });
    expect(await fake.createDiscountCode("a.myshopify.com", { title: "x", code: "F2", percentOff: 0, amountOffCents: -100, ...when })).toMatchObject({ ok: false, error: { kind: "user_error" } });
  });
});

describe("the contract check names what is wrong", () => {
  it("a deprecated field, an unknown field, a missing scope and a variable of the wrong type", () => {
    const old = parse(`query { shop { billingAddress { countryCodeV2 } } }`);
    expect(deprecatedUsages(admin, old)).toEqual([expect.stringContaining("Shop.billingAddress is deprecated. Use `shopAddress` instead")]);

    const typo = checkRequest(admin, `query { customer(id: "gid://shopify/Customer/1") { numberOfOrderz } }`, {}, appScopes(ROOT));
    expect(typo).toMatchObject({ ok: false, errors: [{ message: expect.stringContaining('Cannot query field "numberOfOrderz" on type "Customer"') }] });

    // The scopes this app requested before it signed shoppers up and read the shop's languages.
    const before = ["read_customers", "read_orders", "read_checkouts", "read_fulfillments", "write_discounts"];
    const signup = documents.find((d) => operationName(d.source) === "CrmCustomerCreate")!;
    expect(deniedFields(admin, parse(signup.source), before)).toEqual([expect.objectContaining({ field: "Mutation.customerCreate", requiredAccess: "`write_customers` access scope." })]);
    const profile = documents.find((d) => operationName(d.source) === "CrmShopProfile")!;
    expect(deniedFields(admin, parse(profile.source), before).map((d) => d.field)).toEqual(["QueryRoot.shopLocales"]);

    // A web pixel needs write_pixels, and read_customer_events besides (Shopify's "Also:").
    const withoutEvents = appScopes(ROOT).filter((scope) => scope !== "read_customer_events");
    expect(deniedFields(admin, parse(WEB_PIXEL_CREATE), withoutEvents)).toEqual([expect.objectContaining({ field: "Mutation.webPixelCreate", requiredAccess: expect.stringContaining("read_customer_events") })]);
    expect(deniedFields(admin, parse(WEB_PIXEL_CREATE), appScopes(ROOT).filter((scope) => scope !== "write_pixels")).map((d) => d.field)).toContain("Mutation.webPixelCreate");

    // Product cards in emails read products and their variants: read_products, which the app requests.
    const withoutProducts = appScopes(ROOT).filter((scope) => scope !== "read_products");
    expect(appScopes(ROOT)).toContain("read_products");
    expect(deniedFields(admin, parse(VARIANT_CARDS), withoutProducts).map((d) => d.requiredAccess).join(" ")).toContain("read_products");
    expect(deniedFields(admin, parse(VARIANT_CARDS), appScopes(ROOT))).toEqual([]);

    const wrongType = checkRequest(admin, DISCOUNT_CODE_BASIC_CREATE, { basicCodeDiscount: { title: "x", code: "X", startsAt: "2026-03-01T00:00:00Z", customerGets: { value: { percentage: "ten" }, items: { all: true } } } }, appScopes(ROOT));
    expect(wrongType).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/percentage.*Float/s) }] });
  });
});
