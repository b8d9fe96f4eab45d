// The few Admin API calls the app makes, as values: a throttled or unreachable Shopify is an
// expected state, so nothing here throws for it.
import type { WebPixelSettings, WebPixelView } from "./web-pixel";
import type { ProductCard, VariantCardView } from "./products";

export type AdminError =
  | { kind: "user_error"; message: string; field: string[] | null; code: string | null }
  | { kind: "throttled"; message: string }
  | { kind: "network"; message: string }
  | { kind: "not_found"; message: string }
  /** The app lacks an access scope the request needs: a deploy (or the merchant's re-grant) fixes it. */
  | { kind: "access_denied"; message: string };

export type AdminResult<T> = { ok: true; value: T } | { ok: false; error: AdminError };

/** One Admin API request as the readers and writers of ./products, ./bulk and ./web-pixel make it. */
export type AdminCall = (query: string, variables: Record<string, unknown>) => Promise<AdminResult<unknown>>;

export type DiscountCodeInput = {
  title: string;
  code: string;
  /** Whole percent, e.g. 10 for 10 % off; ignored when `amountOffCents` is set. */
  percentOff: number;
  /** A fixed amount off the order, in cents of the shop's currency; null or absent: a percentage code. */
  amountOffCents?: number | null;
  /** The order subtotal the code asks for, in cents of the shop's currency; null or absent: none. */
  minimumSubtotalCents?: number | null;
  startsAt: Date;
  endsAt: Date;
  /** Only this customer may use the code; null = anyone holding it. */
  customerShopifyId: string | null;
};

export type CustomerConsentInput = {
  email: string;
  /** true: subscribed to email marketing. */
  consent: boolean;
  /**
   * How the consent was given: SINGLE_OPT_IN (the shopper ticked the box; the default) or
   * CONFIRMED_OPT_IN (they also clicked the link in our confirmation email).
   */
  optInLevel?: "SINGLE_OPT_IN" | "CONFIRMED_OPT_IN";
  locale?: string | null;
};

export type UpsertedCustomer = { customerShopifyId: string; created: boolean };

export interface AdminApi {
  createDiscountCode(shop: string, input: DiscountCodeInput): Promise<AdminResult<{ discountId: string; code: string }>>;
  customerOrderCount(shop: string, customerShopifyId: string): Promise<AdminResult<number>>;
  /** Finds the customer by email (or creates them) and records their email marketing consent. */
  upsertCustomerWithConsent(shop: string, input: CustomerConsentInput): Promise<AdminResult<UpsertedCustomer>>;
  /**
   * Sets the customer's email marketing consent to unsubscribed, found by id or else by email; the
   * customer's id, or null when Shopify has no such customer.
   */
  unsubscribeCustomer(shop: string, who: { customerShopifyId: string | null; email: string; at: Date }): Promise<AdminResult<string | null>>;
  /** A product's handle, or null when it no longer exists. */
  productHandle(shop: string, productShopifyId: string): Promise<AdminResult<string | null>>;
  /** A product's title, handle and whether it is on sale, or null when it no longer exists (read_products). */
  productCard(shop: string, productShopifyId: string): Promise<AdminResult<ProductCard | null>>;
  /** The cards of these variants (picture, title, page), in one request per 250; a deleted variant is left out (read_products). */
  variantCards(shop: string, variantShopifyIds: string[]): Promise<AdminResult<VariantCardView[]>>;
  /** Starts a bulk query (one per shop at a time); its operation id. */
  startBulkQuery(shop: string, query: string): Promise<AdminResult<string>>;
  /** A bulk operation's state, or null when Shopify does not know the id. */
  bulkOperation(shop: string, id: string): Promise<AdminResult<BulkOperationView | null>>;
  /** The app's web pixel on the store, or null when it has none yet. */
  readWebPixel(shop: string): Promise<AdminResult<WebPixelView | null>>;
  /** Activates the web pixel on the store with these settings (webPixelCreate). */
  createWebPixel(shop: string, settings: WebPixelSettings): Promise<AdminResult<WebPixelView>>;
  /** Gives the store's pixel new settings (webPixelUpdate). */
  updateWebPixel(shop: string, id: string, settings: WebPixelSettings): Promise<AdminResult<WebPixelView>>;
}

export type BulkOperationView = {
  id: string;
  status: "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED" | "EXPIRED";
  errorCode: string | null;
  objectCount: number;
  /** The JSONL result (COMPLETED), valid for a week. */
  url: string | null;
  /** What a FAILED operation read before it failed. */
  partialDataUrl: string | null;
};

/** Throttling and outages pass; a refused input or a missing record will not. */
export function isTransientAdminError(error: AdminError): boolean {
  switch (error.kind) {
    case "throttled":
    case "network":
    case "access_denied":
      return true;
    case "user_error":
    case "not_found":
      return false;
  }
}

export function describeAdminError(error: AdminError): string {
  switch (error.kind) {
    case "user_error": {
      const where = error.field?.length ? ` (${error.field.join(".")})` : "";
      return `Shopify refused the request${where}${error.code ? ` [${error.code}]` : ""}: ${error.message}`;
    }
    case "throttled":
      return `Shopify is throttling requests: ${error.message}`;
    case "network":
      return `Shopify could not be reached: ${error.message}`;
    case "not_found":
      return `Shopify does not know it: ${error.message}`;
    case "access_denied":
      return `Shopify refused access (the app is missing an access scope): ${error.message}`;
  }
}

export function customerGid(customerShopifyId: string): string {
  return customerShopifyId.startsWith("gid://") ? customerShopifyId : `gid://shopify/Customer/${customerShopifyId}`;
}
