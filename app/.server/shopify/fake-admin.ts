// An in-memory Admin API that answers like Shopify does, for the demo and for tests: codes are unique
// per shop ignoring case, windows and percentages are checked, and tests can make it throttle or fail.
import { createHash } from "node:crypto";
import type { AdminApi, AdminResult, CustomerConsentInput, DiscountCodeInput, UpsertedCustomer } from "./admin-api";

export type FakeAdminCall =
  | { op: "createDiscountCode"; shop: string; input: DiscountCodeInput }
  | { op: "customerOrderCount"; shop: string; customerShopifyId: string }
  | { op: "upsertCustomerWithConsent"; shop: string; input: CustomerConsentInput };

export type FakeCustomer = { shopifyId: string; email: string; locale: string | null; consent: "subscribed" | "not_subscribed" };

/** What Shopify would announce by webhook after a customer write: created, and the consent now held. */
export type FakeCustomerChange = { customer: FakeCustomer; created: boolean };

export type FakeDiscount = { id: string; code: string; title: string; percentOff: number; startsAt: Date; endsAt: Date; customerShopifyId: string | null };

export interface FakeAdminApi extends AdminApi {
  /** The next n calls (any operation) answer THROTTLED. */
  throttleNext(n: number): void;
  /** The next n calls (any operation) fail as if Shopify were unreachable. */
  failNetworkNext(n: number): void;
  /** Codes created for a shop, as given. */
  codes(shop: string): string[];
  discounts(shop: string): FakeDiscount[];
  customers(shop: string): FakeCustomer[];
  /** A customer Shopify already has (created in the admin, at checkout…). */
  seedCustomer(shop: string, customer: FakeCustomer): void;
  /** Every call, in order, including refused ones. */
  readonly calls: FakeAdminCall[];
}

export type FakeAdminOptions = {
  /** null = no such customer. Defaults to 0 orders for everyone. */
  orderCount?: (shop: string, customerShopifyId: string) => Promise<number | null>;
  /** Customers known outside the fake's memory (the demo's projection), looked up by email. */
  findCustomer?: (shop: string, email: string) => Promise<FakeCustomer | null>;
  /** Runs after each customer write, as Shopify's customers/create and consent webhooks would. */
  onCustomerChange?: (shop: string, change: FakeCustomerChange) => Promise<void>;
};

/** Shopify's own check is looser than RFC 5322 and stricter than "has an @": one @, a dotted domain, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Stable per email, so a restarted demo gives a returning shopper the same id. */
function customerIdFor(shop: string, email: string): string {
  return String(BigInt(`0x${createHash("sha256").update(`${shop}:${email}`).digest("hex").slice(0, 12)}`) + 10n ** 12n);
}

const TAKEN_MESSAGE = "Code must be unique. Please try a different code.";

export function createFakeAdminApi(opts: FakeAdminOptions = {}): FakeAdminApi {
  const orderCount = opts.orderCount ?? (async () => 0);
  const byShop = new Map<string, FakeDiscount[]>();
  const customersByShop = new Map<string, Map<string, FakeCustomer>>();
  const customerBook = (shop: string) => {
    let book = customersByShop.get(shop);
    if (!book) customersByShop.set(shop, (book = new Map()));
    return book;
  };
  const calls: FakeAdminCall[] = [];
  let throttled = 0;
  let unreachable = 0;
  let nextId = 1;

  /** An injected failure for this call, if one is queued. */
  function injected<T>(): AdminResult<T> | null {
    if (throttled > 0) {
      throttled--;
      return { ok: false, error: { kind: "throttled", message: "Throttled" } };
    }
    if (unreachable > 0) {
      unreachable--;
      return { ok: false, error: { kind: "network", message: "fetch failed: connect ECONNREFUSED" } };
    }
    return null;
  }

  const userError = <T>(field: string[], message: string, code: string | null): AdminResult<T> => ({
    ok: false,
    error: { kind: "user_error", field, message, code },
  });

  return {
    calls,
    throttleNext: (n) => void (throttled += n),
    failNetworkNext: (n) => void (unreachable += n),
    codes: (shop) => (byShop.get(shop) ?? []).map((d) => d.code),
    discounts: (shop) => [...(byShop.get(shop) ?? [])],
    customers: (shop) => [...customerBook(shop).values()].map((c) => ({ ...c })),
    seedCustomer: (shop, customer) => void customerBook(shop).set(customer.email.toLowerCase(), { ...customer, email: customer.email.toLowerCase() }),

    async createDiscountCode(shop, input) {
      calls.push({ op: "createDiscountCode", shop, input: { ...input } });
      const failure = injected<{ discountId: string; code: string }>();
      if (failure) return failure;
      const existing = byShop.get(shop) ?? [];
      if (!input.code.trim()) return userError(["basicCodeDiscount", "code"], "Code can't be blank", "BLANK");
      if (existing.some((d) => d.code.toLowerCase() === input.code.toLowerCase())) {
        return userError(["basicCodeDiscount", "code"], TAKEN_MESSAGE, "TAKEN");
      }
      if (!(input.endsAt.getTime() > input.startsAt.getTime())) {
        return userError(["basicCodeDiscount", "endsAt"], "Ends at needs to be after starts_at", "INVALID");
      }
      const percentage = input.percentOff / 100;
      if (!(percentage > 0 && percentage <= 1)) {
        return userError(["basicCodeDiscount", "customerGets", "value", "percentage"], "Value must be between 0.0 and 1.0", "VALUE_OUTSIDE_RANGE");
      }
      const discount: FakeDiscount = { id: `gid://shopify/DiscountCodeNode/${nextId++}`, ...input };
      byShop.set(shop, [...existing, discount]);
      return { ok: true, value: { discountId: discount.id, code: input.code } };
    },

    async customerOrderCount(shop, customerShopifyId) {
      calls.push({ op: "customerOrderCount", shop, customerShopifyId });
      const failure = injected<number>();
      if (failure) return failure;
      const count = await orderCount(shop, customerShopifyId);
      if (count === null) return { ok: false, error: { kind: "not_found", message: `customer ${customerShopifyId} not found` } };
      return { ok: true, value: count };
    },

    async upsertCustomerWithConsent(shop, input) {
      calls.push({ op: "upsertCustomerWithConsent", shop, input: { ...input } });
      const failure = injected<UpsertedCustomer>();
      if (failure) return failure;
      const email = input.email.trim().toLowerCase();
      if (!EMAIL.test(email)) return userError(["input", "email"], "Email is invalid", "INVALID");
      const book = customerBook(shop);
      const known = book.get(email) ?? (await opts.findCustomer?.(shop, email)) ?? null;
      // Shopify answers customerCreate with TAKEN for a known email: the write becomes an update.
      const customer: FakeCustomer = {
        shopifyId: known?.shopifyId ?? customerIdFor(shop, email),
        email,
        locale: input.locale ?? known?.locale ?? null,
        consent: input.consent ? "subscribed" : (known?.consent ?? "not_subscribed"),
      };
      book.set(email, customer);
      await opts.onCustomerChange?.(shop, { customer: { ...customer }, created: !known });
      return { ok: true, value: { customerShopifyId: customer.shopifyId, created: !known } };
    },
  };
}
