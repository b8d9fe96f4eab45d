// What the fake Admin API (./fake-admin) offers its callers: what it recorded, the customers and shop it
// holds, and the options a test or the demo gives it.
import type { GraphQLFormattedError } from "graphql";
import type { AdminApi, CustomerConsentInput, DiscountCodeInput } from "./admin-api";
import type { FakeBulk } from "./fake-bulk";
import type { FakeDiscount } from "./fake-discounts";
import type { FakeWebPixel } from "./fake-web-pixels";
import type { GraphqlClient } from "./graphql-admin";

export type FakeAdminCall =
  | { op: "createDiscountCode"; shop: string; input: DiscountCodeInput }
  | { op: "customerOrderCount"; shop: string; customerShopifyId: string }
  | { op: "upsertCustomerWithConsent"; shop: string; input: CustomerConsentInput }
  | { op: "unsubscribeCustomer"; shop: string; customerShopifyId: string | null; email: string };

/** One GraphQL request as Shopify would have received it, and how it was answered. */
export type FakeGraphqlRequest = { shop: string; operation: string | null; variables: Record<string, unknown>; refused: GraphQLFormattedError[] | null };

export type FakeCustomer = { shopifyId: string; email: string; locale: string | null; consent: "subscribed" | "not_subscribed" | "unsubscribed" };

/** What Shopify would announce by webhook after a customer write: created, and the consent now held. */
export type FakeCustomerChange = { customer: FakeCustomer; created: boolean };

export type { FakeDiscount } from "./fake-discounts";

export type FakeShopProfile = { name: string; email: string; timezone: string; countryCode: string | null; primaryDomain: string; locales: { locale: string; primary: boolean }[] };

export interface FakeAdminApi extends AdminApi {
  /** The next n GraphQL requests answer THROTTLED. */
  throttleNext(n: number): void;
  /** The next n GraphQL requests fail as if Shopify were unreachable. */
  failNetworkNext(n: number): void;
  /** Codes created for a shop, as given. */
  codes(shop: string): string[];
  discounts(shop: string): FakeDiscount[];
  customers(shop: string): FakeCustomer[];
  /** A customer Shopify already has (created in the admin, at checkout…). */
  seedCustomer(shop: string, customer: FakeCustomer): void;
  /** The client `admin.graphql` would be for this shop's offline session. */
  client(shop: string): GraphqlClient;
  /** Every adapter call, in order, including refused ones. */
  readonly calls: FakeAdminCall[];
  /** Every GraphQL request, in order, with Shopify's refusal where there was one. */
  readonly requests: FakeGraphqlRequest[];
  /** Bulk operations: end the shop's running one and get the webhook payload Shopify would post. */
  readonly bulk: FakeBulk;
  /** The customers a bulk query reads, as Shopify's JSONL lines (by default, the fake's own customers). */
  bulkCustomers(shop: string): Promise<object[]>;
  /** The app's web pixel on the store as Shopify holds it, or null before webPixelCreate. */
  webPixel(shop: string): FakeWebPixel | null;
}

export type FakeImage = { url: string; altText: string | null };
export type FakeVariant = { productShopifyId: string; title: string; image: FakeImage | null };

export type FakeAdminOptions = {
  /** null = no such customer. Defaults to 0 orders for everyone. */
  orderCount?: (shop: string, customerShopifyId: string) => Promise<number | null>;
  /** Customers known outside the fake's memory (the demo's projection), looked up by email. */
  findCustomer?: (shop: string, email: string) => Promise<FakeCustomer | null>;
  /** The same, looked up by the customer's id. */
  findCustomerById?: (shop: string, customerShopifyId: string) => Promise<FakeCustomer | null>;
  /** Runs after each customer write, as Shopify's customers/create and consent webhooks would. */
  onCustomerChange?: (shop: string, change: FakeCustomerChange) => Promise<void>;
  /** What `shop` and `shopLocales` answer; a plain store on UTC in English by default. */
  shopProfile?: (shop: string) => FakeShopProfile;
  /** The access scopes granted to the app: by default those shopify.app.toml requests. */
  scopes?: string[];
  /** The Admin API version whose schema judges the requests. */
  apiVersion?: string;
  /** A product's handle; null for a product that no longer exists. By default `product-<id>`. */
  productHandle?: (shop: string, productShopifyId: string) => string | null;
  /** A product's title; by default `Product <id>`. Its status is ACTIVE unless listed in `draftProducts`. */
  productTitle?: (shop: string, productShopifyId: string) => string;
  draftProducts?: string[];
  /** A product's featured picture, null for none (the default: a demo has no image host to point at). */
  productImage?: (shop: string, productShopifyId: string) => FakeImage | null;
  /** A product's lowest price; by default 25.00 USD. */
  productPrice?: (shop: string, productShopifyId: string) => { amount: string; currencyCode: string };
  /** When a product last changed; by default 2026-01-01. */
  productUpdatedAt?: (shop: string, productShopifyId: string) => string;
  /** A variant: its product, title and own picture; null for one that no longer exists. By default variant N is product N's only variant. */
  variant?: (shop: string, variantShopifyId: string) => FakeVariant | null;
  /** A store's existing customers, as a bulk query's JSONL lines would hold them. */
  existingCustomers?: (shop: string) => object[];
  /** The web pixel extension Shopify knows the app by (its TOML's settings judge webPixelCreate). */
  webPixelExtensionDir?: string;
};
