// The demo store's webhook payloads: our own, written to the shapes of Shopify's 2026-04 samples.
type Person = { id: number; email: string; first_name: string | null; last_name: string | null };

const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;
const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");

export function customer(p: Person, at: Date) {
  return {
    id: p.id,
    created_at: iso(at),
    updated_at: iso(at),
    first_name: p.first_name,
    last_name: p.last_name,
    state: "enabled",
    note: null,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    email: p.email,
    phone: null,
    currency: "USD",
    addresses: [],
    tax_exemptions: [],
    admin_graphql_api_id: gid("Customer", p.id),
    default_address: null,
  };
}

export function consent(p: Person, state: "subscribed" | "unsubscribed" | "not_subscribed", at: Date) {
  return {
    customer_id: p.id,
    email_address: p.email,
    email_marketing_consent: { state, opt_in_level: "single_opt_in", consent_updated_at: iso(at) },
  };
}

type Item = { title: string; variant: string | null; price: string; quantity: number; productId: number };

export function checkout(o: { token: string; email: string; firstName: string | null; locale?: string; customer?: Person; items: Item[]; at: Date; acceptsMarketing: boolean }) {
  const total = o.items.reduce((sum, i) => sum + Number(i.price) * i.quantity, 0).toFixed(2);
  return {
    token: o.token,
    cart_token: `cart-${o.token}`,
    email: o.email,
    gateway: null,
    buyer_accepts_marketing: o.acceptsMarketing,
    created_at: iso(o.at),
    updated_at: iso(o.at),
    landing_site: "/",
    note: null,
    note_attributes: [],
    referring_site: null,
    shipping_lines: [],
    taxes_included: false,
    currency: "USD",
    presentment_currency: "USD",
    completed_at: null,
    closed_at: null,
    customer_locale: o.locale ?? "en",
    line_items: o.items.map((i, n) => ({
      key: `${o.token}-${n}`,
      product_id: i.productId,
      variant_id: i.productId * 10,
      title: i.title,
      presentment_title: i.title,
      variant_title: i.variant,
      presentment_variant_title: i.variant,
      quantity: i.quantity,
      price: i.price,
      line_price: (Number(i.price) * i.quantity).toFixed(2),
      requires_shipping: true,
      sku: null,
      vendor: "Demo Coffee Roasters",
    })),
    subtotal_price: total,
    total_price: total,
    total_tax: "0.00",
    abandoned_checkout_url: `https://demo-shop.myshopify.com/checkouts/${o.token}/recover?key=demo`,
    customer: o.customer ? { ...customer(o.customer, o.at), first_name: o.customer.first_name } : null,
    billing_address: o.firstName ? { first_name: o.firstName } : null,
    shipping_address: null,
  };
}

export function order(o: { id: number; number: number; person: Person; at: Date; items: Item[]; checkoutToken?: string; codes?: string[]; acceptsMarketing: boolean; locale?: string }) {
  const total = o.items.reduce((sum, i) => sum + Number(i.price) * i.quantity, 0).toFixed(2);
  return {
    id: o.id,
    admin_graphql_api_id: gid("Order", o.id),
    name: `#${o.number}`,
    order_number: o.number,
    number: o.number - 1000,
    email: o.person.email,
    contact_email: o.person.email,
    buyer_accepts_marketing: o.acceptsMarketing,
    cancel_reason: null,
    cancelled_at: null,
    checkout_token: o.checkoutToken ?? null,
    closed_at: null,
    confirmed: true,
    created_at: iso(o.at),
    updated_at: iso(o.at),
    processed_at: iso(o.at),
    currency: "USD",
    presentment_currency: "USD",
    customer_locale: o.locale ?? "en",
    discount_codes: (o.codes ?? []).map((code) => ({ code, amount: "0.00", type: "percentage" })),
    financial_status: "paid",
    fulfillment_status: null,
    subtotal_price: total,
    total_price: total,
    total_discounts: "0.00",
    total_tax: "0.00",
    test: false,
    line_items: o.items.map((i, n) => ({
      id: o.id * 10 + n,
      product_id: i.productId,
      variant_id: i.productId * 10,
      title: i.title,
      variant_title: i.variant,
      name: i.variant ? `${i.title} - ${i.variant}` : i.title,
      quantity: i.quantity,
      price: i.price,
    })),
    customer: { ...customer(o.person, o.at) },
    fulfillments: [],
    refunds: [],
  };
}

export function fulfilledOrder(base: ReturnType<typeof order>, at: Date) {
  return { ...base, updated_at: iso(at), fulfillment_status: "fulfilled" };
}

export function fulfillmentEvent(o: { id: number; fulfillmentId: number; orderId: number; status: string; at: Date }) {
  return {
    id: o.id,
    fulfillment_id: o.fulfillmentId,
    status: o.status,
    message: o.status === "delivered" ? "Delivered to the front door" : "In transit",
    happened_at: iso(o.at),
    city: "Portland",
    province: "Maine",
    country: "US",
    zip: "04101",
    address1: null,
    latitude: null,
    longitude: null,
    shop_id: 1,
    created_at: iso(o.at),
    updated_at: iso(o.at),
    estimated_delivery_at: null,
    order_id: o.orderId,
    admin_graphql_api_id: gid("FulfillmentEvent", o.id),
  };
}
