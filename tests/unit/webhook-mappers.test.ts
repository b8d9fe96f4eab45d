// Payloads here are our own, shaped like Shopify's 2026-04 samples, with the realistic values those lack.
import { describe, expect, it } from "vitest";
import { TOPICS, topicFromHeader, uriForTopic } from "~/.server/webhooks/topics";
import { cents } from "~/.server/webhooks/mappers/common";
import type { DomainEvent, MapResult } from "~/domain/types";

const received = new Date("2026-03-01T12:00:00Z");
const triggered = new Date("2026-03-01T11:59:58Z");
const meta = { triggeredAt: triggered, receivedAt: received };

function events(result: MapResult): DomainEvent[] {
  if (!result.ok) throw new Error(`expected ok, got unmappable: ${result.reason}`);
  return result.events;
}

function only<K extends DomainEvent["kind"]>(result: MapResult, kind: K): Extract<DomainEvent, { kind: K }> {
  const list = events(result);
  expect(list.map((e) => e.kind)).toEqual([kind]);
  return list[0] as Extract<DomainEvent, { kind: K }>;
}

const customer = {
  id: "706405506930370084",
  created_at: "2026-02-28T19:00:00-05:00",
  updated_at: "2026-02-28T19:05:00-05:00",
  first_name: "Mina",
  last_name: "Kim",
  email: " Mina.Kim@Example.com ",
};

const checkout = {
  token: "c1a2b3",
  email: "mina.kim@example.com",
  buyer_accepts_marketing: true,
  created_at: "2026-03-01T10:00:00+09:00",
  updated_at: "2026-03-01T10:02:00+09:00",
  completed_at: null,
  customer_locale: "ko-KR",
  abandoned_checkout_url: "https://shop.example/checkouts/c1a2b3/recover?key=k",
  currency: "KRW",
  presentment_currency: "USD",
  total_price: "421.88",
  line_items: [
    { title: "Ethiopia Guji", variant_title: "250 g", quantity: 2, price: "19.99", product_id: 632910392, variant_id: 808950810 },
    { title: "Dripper", variant_title: null, quantity: 1, price: "0.29" },
  ],
  billing_address: { first_name: "Mina" },
  customer: { id: "603851970716743426", email: "mina.kim@example.com", first_name: null },
};

const order = {
  id: "820982911946154508",
  name: "#1001",
  email: "Mina.Kim@example.com",
  buyer_accepts_marketing: false,
  checkout_token: "c1a2b3",
  created_at: "2026-03-01T10:30:00+09:00",
  processed_at: "2026-03-01T10:30:00+09:00",
  updated_at: "2026-03-01T10:31:00+09:00",
  cancelled_at: null,
  financial_status: "paid",
  currency: "USD",
  total_price: "38.27",
  discount_codes: [{ code: "welcome-7kq2", amount: "4.00", type: "percentage" }],
  refunds: [],
  fulfillments: [],
  line_items: [
    { id: 466157049, product_id: null, title: "Gift card", quantity: 1, price: "10.00" },
    { id: 466157050, product_id: 632910392, variant_id: "49148385378648190", title: "Yirgacheffe", variant_title: "250 g", quantity: 2, price: "14.135" },
  ],
  customer: { id: "603851970716743426", email: "mina.kim@example.com", first_name: "Mina", last_name: "Kim", created_at: null, updated_at: null },
};

describe("customer topics", () => {
  it("a new customer is a signup at the time Shopify created them, with a lower-cased email", () => {
    const e = only(TOPICS["customers/create"].map(customer, meta), "CustomerSignedUp");
    expect(e.at).toEqual(new Date("2026-03-01T00:00:00Z"));
    expect(e.customer).toMatchObject({ shopifyId: "706405506930370084", email: "mina.kim@example.com", firstName: "Mina", lastName: "Kim" });
  });

  it("an update is timed by updated_at, so a late older delivery can be recognised", () => {
    const e = only(TOPICS["customers/update"].map(customer, meta), "CustomerUpdated");
    expect(e.at).toEqual(new Date("2026-03-01T00:05:00Z"));
    expect(e.customer.updatedAt).toEqual(new Date("2026-03-01T00:05:00Z"));
  });

  it("numeric and string ids come out the same", () => {
    const a = only(TOPICS["customers/create"].map({ ...customer, id: 548380009 }, meta), "CustomerSignedUp");
    const b = only(TOPICS["customers/create"].map({ ...customer, id: "548380009" }, meta), "CustomerSignedUp");
    expect(a.customer.shopifyId).toBe(b.customer.shopifyId);
  });

  it("a customer without an id is unmappable, and says so", () => {
    expect(TOPICS["customers/update"].map({ ...customer, id: null }, meta)).toEqual({ ok: false, reason: "customer id is missing" });
    expect(TOPICS["customers/create"].map([customer], meta)).toEqual({ ok: false, reason: "payload is not a JSON object" });
  });

  it.each([
    ["SUBSCRIBED", "subscribed"],
    ["subscribed", "subscribed"],
    ["NOT_SUBSCRIBED", "not_subscribed"],
    ["unsubscribed", "unsubscribed"],
    ["PENDING", "pending"],
    ["REDACTED", "unknown"],
    [null, "unknown"],
  ])("consent state %s means %s", (state, consent) => {
    const payload = { customer_id: 706405506930370084n.toString(), email_address: "Mina@Example.com", email_marketing_consent: { state, consent_updated_at: "2026-03-01T09:00:00Z" } };
    const e = only(TOPICS["customers_email_marketing_consent/update"].map(payload, meta), "ConsentChanged");
    expect(e).toEqual({ kind: "ConsentChanged", at: new Date("2026-03-01T09:00:00Z"), customerShopifyId: "706405506930370084", email: "mina@example.com", consent });
  });

  it("consent without its own time is timed by the delivery's trigger time", () => {
    const payload = { customer_id: 1, email_address: null, email_marketing_consent: { state: "subscribed", consent_updated_at: null } };
    expect(only(TOPICS["customers_email_marketing_consent/update"].map(payload, meta), "ConsentChanged").at).toEqual(triggered);
    const late = only(TOPICS["customers_email_marketing_consent/update"].map(payload, { triggeredAt: null, receivedAt: received }), "ConsentChanged");
    expect(late.at).toEqual(received);
  });

  it("consent without a customer or a state object is unmappable", () => {
    expect(TOPICS["customers_email_marketing_consent/update"].map({ email_marketing_consent: { state: "subscribed" } }, meta)).toEqual({ ok: false, reason: "customer_id is missing" });
    expect(TOPICS["customers_email_marketing_consent/update"].map({ customer_id: 5 }, meta)).toEqual({ ok: false, reason: "email_marketing_consent is missing" });
  });
});

describe("checkout topics", () => {
  it("a checkout carries what the cart reminder needs: items, recovery link, consent, exact cents", () => {
    const e = only(TOPICS["checkouts/update"].map(checkout, meta), "CheckoutStarted");
    expect(e.at).toEqual(new Date("2026-03-01T01:02:00Z"));
    expect(e.checkout).toEqual({
      token: "c1a2b3",
      email: "mina.kim@example.com",
      customerShopifyId: "603851970716743426",
      firstName: "Mina",
      locale: "ko-KR",
      recoveryUrl: "https://shop.example/checkouts/c1a2b3/recover?key=k",
      acceptsMarketing: true,
      lineItems: [
        { title: "Ethiopia Guji", variantTitle: "250 g", quantity: 2, priceCents: 1999, productShopifyId: "632910392", variantShopifyId: "808950810" },
        { title: "Dripper", variantTitle: null, quantity: 1, priceCents: 29, productShopifyId: null, variantShopifyId: null },
      ],
      total: { cents: 42188, currency: "USD" },
      createdAt: new Date("2026-03-01T01:00:00Z"),
      updatedAt: new Date("2026-03-01T01:02:00Z"),
      completedAt: null,
    });
  });

  it("a checkout without a token cannot be matched to its order and is unmappable", () => {
    const { token: _token, ...withoutToken } = checkout;
    expect(TOPICS["checkouts/create"].map({ ...withoutToken, id: 981820079255243537n.toString() }, meta)).toEqual({ ok: false, reason: "checkout token is missing" });
  });
});

describe("money", () => {
  it.each([
    ["199.00", 19900],
    ["0.29", 29],
    ["1.1", 110],
    ["4.355", 436],
    ["1000", 100000],
    ["-5.00", -500],
    [19.99, 1999],
    ["", 0],
    ["abc", 0],
    [null, 0],
  ])("%s is %i cents", (value, expected) => {
    expect(cents(value)).toBe(expected);
  });
});

describe("order topics", () => {
  it("orders/create is a placed order with upper-cased codes and the checkout token to match", () => {
    const e = only(TOPICS["orders/create"].map(order, meta), "OrderPlaced");
    expect(e.at).toEqual(new Date("2026-03-01T01:30:00Z"));
    expect(e.order).toMatchObject({
      shopifyId: "820982911946154508",
      checkoutToken: "c1a2b3",
      email: "mina.kim@example.com",
      discountCodes: ["WELCOME-7KQ2"],
      productShopifyId: "632910392",
      total: { cents: 3827, currency: "USD" },
      financialStatus: "paid",
    });
    expect(e.order.customer?.shopifyId).toBe("603851970716743426");
  });

  it("an order keeps what was bought, line by line, with unit prices and big variant ids intact", () => {
    const e = only(TOPICS["orders/create"].map(order, meta), "OrderPlaced");
    expect(e.order.lineItems).toEqual([
      { title: "Gift card", variantTitle: null, quantity: 1, priceCents: 1000, productShopifyId: null, variantShopifyId: null },
      { title: "Yirgacheffe", variantTitle: "250 g", quantity: 2, priceCents: 1414, productShopifyId: "632910392", variantShopifyId: "49148385378648190" },
    ]);
  });

  it("orders/paid means placed too (applying it again changes nothing)", () => {
    expect(events(TOPICS["orders/paid"].map(order, meta)).map((e) => e.kind)).toEqual(["OrderPlaced"]);
  });

  it("a refunded, cancelled order also says so, at the refund's and cancellation's times", () => {
    const refunded = { ...order, financial_status: "refunded", cancelled_at: "2026-03-02T00:00:00Z", refunds: [{ created_at: "2026-03-02T01:00:00Z" }] };
    const list = events(TOPICS["orders/create"].map(refunded, meta));
    expect(list.map((e) => [e.kind, e.at.toISOString()])).toEqual([
      ["OrderPlaced", "2026-03-01T01:30:00.000Z"],
      ["OrderCancelled", "2026-03-02T00:00:00.000Z"],
      ["OrderRefunded", "2026-03-02T01:00:00.000Z"],
    ]);
  });

  it("orders/cancelled is one cancellation, not two", () => {
    const e = only(TOPICS["orders/cancelled"].map({ ...order, cancelled_at: "2026-03-02T00:00:00Z" }, meta), "OrderCancelled");
    expect(e).toMatchObject({ orderShopifyId: "820982911946154508", at: new Date("2026-03-02T00:00:00Z") });
  });

  it("orders/fulfilled is timed by its latest fulfilment", () => {
    const fulfilled = { ...order, fulfillments: [{ created_at: "2026-03-03T00:00:00Z" }, { created_at: "2026-03-04T00:00:00Z" }] };
    const e = only(TOPICS["orders/fulfilled"].map(fulfilled, meta), "OrderFulfilled");
    expect(e.at).toEqual(new Date("2026-03-04T00:00:00Z"));
  });

  it("an order without an id is unmappable", () => {
    expect(TOPICS["orders/create"].map({ ...order, id: undefined }, meta)).toEqual({ ok: false, reason: "order id is missing" });
    expect(TOPICS["orders/paid"].map("not an order", meta)).toEqual({ ok: false, reason: "payload is not a JSON object" });
  });
});

describe("fulfilment topics", () => {
  const fulfillment = { id: 123456, order_id: "820982911946154508", status: "success", updated_at: "2026-03-05T08:00:00Z", shipment_status: "delivered" };

  it("a delivered shipment is the delivery", () => {
    const e = only(TOPICS["fulfillments/update"].map(fulfillment, meta), "OrderDelivered");
    expect(e).toEqual({ kind: "OrderDelivered", at: new Date("2026-03-05T08:00:00Z"), orderShopifyId: "820982911946154508" });
  });

  it("a shipment still moving plans nothing, and the delivery record says why", () => {
    const result = TOPICS["fulfillments/create"].map({ ...fulfillment, shipment_status: "in_transit" }, meta);
    expect(result).toEqual({ ok: true, events: [], note: expect.stringContaining("in_transit") });
  });

  it("a carrier's delivered event is timed by when it happened", () => {
    const payload = { id: 1, fulfillment_id: 123456, status: "delivered", happened_at: "2026-03-05T07:00:00Z", created_at: "2026-03-05T07:10:00Z", order_id: 820982911946154 };
    expect(only(TOPICS["fulfillment_events/create"].map(payload, meta), "OrderDelivered")).toEqual({
      kind: "OrderDelivered",
      at: new Date("2026-03-05T07:00:00Z"),
      orderShopifyId: "820982911946154",
    });
    expect(TOPICS["fulfillment_events/create"].map({ ...payload, status: "out_for_delivery" }, meta)).toMatchObject({ ok: true, events: [] });
  });

  it("a fulfilment without its order is unmappable", () => {
    expect(TOPICS["fulfillments/create"].map({ ...fulfillment, order_id: null }, meta)).toEqual({ ok: false, reason: "order_id is missing" });
  });
});

describe("app and compliance topics", () => {
  it("uninstall happens when Shopify triggered it", () => {
    expect(only(TOPICS["app/uninstalled"].map({ id: 548380009, updated_at: "2020-01-01T00:00:00Z" }, meta), "AppUninstalled").at).toEqual(triggered);
  });

  it("a customer redaction names the person and their orders", () => {
    const payload = { shop_id: 954889, shop_domain: "x.myshopify.com", customer: { id: 191167, email: "John@Example.com" }, orders_to_redact: [299938, "820982911946154508"] };
    expect(only(TOPICS["customers/redact"].map(payload, meta), "CustomerRedacted")).toEqual({
      kind: "CustomerRedacted",
      at: triggered,
      customerShopifyId: "191167",
      email: "john@example.com",
      orderShopifyIds: ["299938", "820982911946154508"],
    });
    expect(TOPICS["customers/redact"].map({ shop_id: 1, customer: {} }, meta)).toMatchObject({ ok: false });
  });

  it("data requests and shop redaction map to their events", () => {
    expect(only(TOPICS["customers/data_request"].map({ customer: { id: 191167, email: null } }, meta), "CustomerDataRequested").customerShopifyId).toBe("191167");
    only(TOPICS["shop/redact"].map({ shop_id: 954889 }, meta), "ShopRedacted");
  });
});

describe("shop/update", () => {
  // Shaped like the Shop resource Shopify documents for this topic (it publishes no sample payload).
  const shop = {
    id: 548380009,
    name: "Seoul Beans",
    email: "owner@seoulbeans.example",
    customer_email: "Hello@SeoulBeans.example",
    domain: "SeoulBeans.example",
    myshopify_domain: "seoul-beans.myshopify.com",
    country_code: "KR",
    iana_timezone: "Asia/Seoul",
    primary_locale: "ko",
    updated_at: "2026-03-01T11:59:50+09:00",
  };

  it("carries the profile Shopify owns: name, contact, time zone, country and the primary domain as a URL", () => {
    expect(only(TOPICS["shop/update"].map(shop, meta), "ShopUpdated")).toEqual({
      kind: "ShopUpdated",
      at: triggered,
      shop: { name: "Seoul Beans", email: "hello@seoulbeans.example", timezone: "Asia/Seoul", countryCode: "KR", primaryDomain: "https://seoulbeans.example" },
    });
  });

  it("leaves out what is missing or malformed rather than storing it", () => {
    const thin = only(TOPICS["shop/update"].map({ id: 1, domain: "evil.example/path?x=<script>", country_code: "Korea" }, meta), "ShopUpdated");
    expect(thin.shop).toEqual({ name: null, email: null, timezone: null, countryCode: null, primaryDomain: null });
    expect(TOPICS["shop/update"].map("not a shop", meta)).toMatchObject({ ok: false });
  });
});

describe("bulk_operations/finish", () => {
  it("names the operation that ended and how", () => {
    const payload = { admin_graphql_api_id: "gid://shopify/BulkOperation/147595010", completed_at: "2026-03-01T11:59:50-05:00", created_at: "2026-03-01T11:50:00-05:00", error_code: null, status: "completed", type: "query" };
    expect(only(TOPICS["bulk_operations/finish"].map(payload, meta), "BulkOperationFinished")).toEqual({ kind: "BulkOperationFinished", at: triggered, operationId: "gid://shopify/BulkOperation/147595010", status: "completed" });
    expect(TOPICS["bulk_operations/finish"].map({ admin_graphql_api_id: "gid://shopify/Order/1" }, meta)).toMatchObject({ ok: false });
  });
});

describe("topic names", () => {
  it.each([
    ["ORDERS_CREATE", "orders/create"],
    ["orders/create", "orders/create"],
    ["CUSTOMERS_DATA_REQUEST", "customers/data_request"],
    ["CUSTOMERS_EMAIL_MARKETING_CONSENT_UPDATE", "customers_email_marketing_consent/update"],
    ["FULFILLMENT_EVENTS_CREATE", "fulfillment_events/create"],
    ["APP_UNINSTALLED", "app/uninstalled"],
    ["CARTS_UPDATE", "carts/update"],
  ])("%s is %s", (header, topic) => {
    expect(topicFromHeader(header)).toBe(topic);
  });

  it("each topic has its address, and an unknown topic has none", () => {
    expect(uriForTopic("orders/paid")).toBe("/webhooks/orders");
    expect(uriForTopic("SHOP_REDACT")).toBe("/webhooks/compliance");
    expect(() => uriForTopic("carts/create")).toThrow(/not a subscribed/);
  });
});

describe("product topics", () => {
  it("products/update and products/delete say which product changed, and when", () => {
    const updated = only(TOPICS["products/update"].map({ id: 632910392, title: "IPod Nano - 8GB", updated_at: "2026-03-01T10:31:00+09:00" }, meta), "ProductChanged");
    expect(updated).toMatchObject({ productShopifyId: "632910392", updatedAt: new Date("2026-03-01T01:31:00Z") });
    const deleted = only(TOPICS["products/delete"].map({ id: 632910392 }, meta), "ProductChanged");
    expect(deleted).toMatchObject({ productShopifyId: "632910392", updatedAt: null });
    expect(TOPICS["products/update"].map({ title: "no id" }, meta)).toEqual({ ok: false, reason: "product id is missing" });
  });
});
