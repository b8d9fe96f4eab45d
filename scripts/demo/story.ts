// A day (and the two and a half weeks after it) in the demo store, as the webhooks Shopify would send,
// with a dormant buyer's win-back starting a fortnight before it.
import * as p from "./payloads";

/**
 * The story's first day: eighteen days before today (UTC midnight), so that its seventeen days end
 * just before now and the admin's "this week", the live dispatcher and the story share one clock.
 * CRM_DEMO_DAY0 (YYYY-MM-DD) pins it, e.g. to compare two runs.
 */
function firstDay(): Date {
  const pinned = process.env.CRM_DEMO_DAY0;
  if (pinned) {
    const day = new Date(`${pinned}T00:00:00Z`);
    if (Number.isNaN(day.getTime())) throw new Error(`CRM_DEMO_DAY0 must be a date (YYYY-MM-DD), got "${pinned}"`);
    return day;
  }
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 18));
}

export const DAY0 = firstDay();
export const at = (day: number, hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return new Date(DAY0.getTime() + day * 86_400_000 + (h * 60 + m) * 60_000);
};

const mina = { id: 7001, email: "mina.kim@example.kr", first_name: "민아", last_name: "김" };
const alex = { id: 7002, email: "alex@example.com", first_name: null, last_name: null };
const jordan = { id: 7003, email: "jordan@example.com", first_name: "Jordan", last_name: "Lee" };
const riley = { id: 7004, email: "riley@example.com", first_name: "Riley", last_name: "Park" };
const sam = { id: 0, email: "sam@example.com", first_name: "Sam", last_name: null };
const taylor = { id: 7006, email: "taylor@example.com", first_name: "Taylor", last_name: "Cho" };
const casey = { id: 0, email: "casey@example.com", first_name: "Casey", last_name: null };
const morgan = { id: 7008, email: "morgan@example.com", first_name: "Morgan", last_name: "Yoon" };
const seoyeon = { id: 7009, email: "seoyeon.lee@example.kr", first_name: "서연", last_name: "이" };

/** Seo-yeon subscribed two years before the story's second day: her consent notice is due then. */
const seoyeonConsent = (() => {
  const d = at(-1, "09:00");
  d.setUTCFullYear(d.getUTCFullYear() - 2);
  return d;
})();

const beans = { title: "Ethiopia Guji — whole beans", variant: "250 g", price: "19.00", quantity: 1, productId: 501 };
const dripper = { title: "Ceramic pour-over dripper", variant: "White", price: "32.00", quantity: 1, productId: 502 };
const filters = { title: "Paper filters", variant: null, price: "6.50", quantity: 2, productId: 503 };

export type StoryContext = { couponFor(email: string): Promise<string | null> };

/** A webhook Shopify sends, or (with `job`) a run of one of the app's own jobs at that moment. */
export type StoryStep = {
  at: Date;
  say: string;
  /** The hourly lifecycle jobs: win-back (newly dormant buyers, unanswered last steps) and the two-yearly consent notice. */
  job?: "lifecycle";
  /** What the storefront's web pixel reports for a signed-in customer, at that moment. */
  pixel?: { customerId: number; type: "product_viewed" | "product_added_to_cart"; productId: number };
  topic: string;
  payload: (ctx: StoryContext) => Promise<unknown> | unknown;
  /** forged: signed with the wrong secret; duplicate: re-sends the webhook id of the step named; malformed: a body that is not JSON. */
  twist?: { kind: "forged" } | { kind: "duplicate"; of: string } | { kind: "malformed" };
  id?: string;
};

const taylorOrder = p.order({ id: 9002, number: 1002, person: taylor, at: at(0, "10:40"), items: [dripper], checkoutToken: "c-taylor-1", acceptsMarketing: true });
const rileyOrder = p.order({ id: 9003, number: 1003, person: riley, at: at(0, "08:00"), items: [dripper, filters], acceptsMarketing: true });

/** A web pixel report: no webhook. */
const pixel = (at: Date, say: string, who: { id: number }, type: "product_viewed" | "product_added_to_cart", item: { productId: number }): StoryStep => ({
  at,
  say,
  pixel: { customerId: who.id, type, productId: item.productId },
  topic: "",
  payload: () => null,
});

/** A job run: no webhook. */
const job = (at: Date, say: string): StoryStep => ({ at, say, job: "lifecycle", topic: "", payload: () => null });

export const STORY: StoryStep[] = [
  // Three months before the story: Morgan's last order. By day -14 Morgan is dormant (90 days).
  { at: at(-104, "10:00"), say: "Morgan orders beans (three months before the story)", topic: "orders/create", payload: () => p.order({ id: 8990, number: 990, person: morgan, at: at(-104, "10:00"), items: [beans], acceptsMarketing: true }) },
  { at: at(-104, "10:00"), say: "…and subscribes", topic: "customers_email_marketing_consent/update", payload: () => p.consent(morgan, "subscribed", at(-104, "10:00")) },
  { at: seoyeonConsent, say: "Seo-yeon subscribes to the shop's emails (two years before the story)", topic: "customers_email_marketing_consent/update", payload: () => p.consent(seoyeon, "subscribed", seoyeonConsent) },
  job(at(-14, "12:00"), "The hourly win-back job finds Morgan dormant: a reminder now, a stronger offer and a last question a week apart"),
  { at: at(0, "08:00"), say: "Riley buys a dripper and filters (subscribed at checkout)", topic: "orders/create", payload: () => rileyOrder },
  { at: at(0, "09:00"), say: "Mina creates an account", topic: "customers/create", payload: () => p.customer(mina, at(0, "09:00")) },
  { at: at(0, "09:00"), say: "…and ticks “email me offers”", topic: "customers_email_marketing_consent/update", payload: () => p.consent(mina, "subscribed", at(0, "09:00")) },
  { at: at(0, "09:20"), say: "Alex signs up without giving a name", topic: "customers/create", payload: () => p.customer(alex, at(0, "09:20")) },
  { at: at(0, "09:20"), say: "…and subscribes", topic: "customers_email_marketing_consent/update", payload: () => p.consent(alex, "subscribed", at(0, "09:20")) },
  { at: at(0, "09:30"), say: "Jordan orders as a guest", topic: "orders/create", payload: () => p.order({ id: 9001, number: 1001, person: jordan, at: at(0, "09:30"), items: [beans], acceptsMarketing: false }) },
  { at: at(0, "09:40"), say: "Jordan then creates an account and subscribes (a repeat buyer now)", topic: "customers/create", payload: () => p.customer(jordan, at(0, "09:40")) },
  { at: at(0, "09:40"), say: "Jordan's consent", topic: "customers_email_marketing_consent/update", payload: () => p.consent(jordan, "subscribed", at(0, "09:40")) },
  { at: at(0, "10:00"), say: "Sam fills in an email at checkout, then leaves", id: "sam-checkout", topic: "checkouts/create", payload: () => p.checkout({ token: "c-sam-1", email: sam.email, firstName: "Sam", items: [beans, filters], at: at(0, "10:00"), acceptsMarketing: true }) },
  { at: at(0, "10:01"), say: "Shopify delivers Sam's checkout webhook a second time", topic: "checkouts/create", twist: { kind: "duplicate", of: "sam-checkout" }, payload: () => null },
  { at: at(0, "10:05"), say: "Taylor starts a checkout", topic: "checkouts/create", payload: () => p.checkout({ token: "c-taylor-1", email: taylor.email, firstName: "Taylor", customer: taylor, items: [dripper], at: at(0, "10:05"), acceptsMarketing: true }) },
  { at: at(0, "10:10"), say: "Mina starts a checkout in Korean, then leaves", topic: "checkouts/create", payload: () => p.checkout({ token: "c-mina-1", email: mina.email, firstName: "민아", locale: "ko", customer: mina, items: [beans], at: at(0, "10:10"), acceptsMarketing: true }) },
  { at: at(0, "10:15"), say: "Someone posts an order with a forged signature", topic: "orders/create", twist: { kind: "forged" }, payload: () => p.order({ id: 6666, number: 6666, person: sam, at: at(0, "10:15"), items: [beans], acceptsMarketing: true }) },
  { at: at(0, "10:20"), say: "A delivery arrives whose body is not JSON", topic: "orders/create", twist: { kind: "malformed" }, payload: () => null },
  { at: at(0, "10:40"), say: "Taylor comes back and completes the order", topic: "orders/create", payload: () => taylorOrder },
  { at: at(0, "12:00"), say: "Riley's order ships", topic: "orders/fulfilled", payload: () => p.fulfilledOrder(rileyOrder, at(0, "12:00")) },
  { at: at(0, "13:00"), say: "Taylor's order ships", topic: "orders/fulfilled", payload: () => p.fulfilledOrder(taylorOrder, at(0, "13:00")) },
  { at: at(0, "20:45"), say: "Casey leaves a checkout in the evening", topic: "checkouts/create", payload: () => p.checkout({ token: "c-casey-1", email: casey.email, firstName: "Casey", items: [beans], at: at(0, "20:45"), acceptsMarketing: true }) },
  { at: at(1, "16:00"), say: "The carrier reports Taylor's parcel delivered", topic: "fulfillment_events/create", payload: () => p.fulfillmentEvent({ id: 8803, fulfillmentId: 8802, orderId: 9002, status: "delivered", at: at(1, "16:00") }) },
  { at: at(2, "15:00"), say: "The carrier reports Riley's parcel delivered", topic: "fulfillment_events/create", payload: () => p.fulfillmentEvent({ id: 8801, fulfillmentId: 8800, orderId: 9003, status: "delivered", at: at(2, "15:00") }) },
  { at: at(2, "10:00"), say: "Seo-yeon starts a checkout in Korean, then leaves", topic: "checkouts/create", payload: () => p.checkout({ token: "c-seoyeon-1", email: seoyeon.email, firstName: "서연", locale: "ko", customer: seoyeon, items: [filters], at: at(2, "10:00"), acceptsMarketing: true }) },
  job(at(2, "11:30"), "The hourly jobs find Seo-yeon's consent two years old: Korean law wants her told (outside the budget)"),
  pixel(at(3, "09:00"), "Jordan, signed in, looks at the pour-over dripper and leaves (the web pixel reports it)", jordan, "product_viewed", dripper),
  pixel(at(3, "09:30"), "Mina, signed in, puts beans in her cart but starts no checkout", mina, "product_added_to_cart", beans),
  {
    at: at(3, "19:00"),
    say: "Alex orders with the welcome code",
    topic: "orders/create",
    payload: async (ctx) => p.order({ id: 9004, number: 1004, person: alex, at: at(3, "19:00"), items: [beans], codes: [(await ctx.couponFor(alex.email)) ?? "NO-CODE"], acceptsMarketing: true }),
  },
  { at: at(9, "11:00"), say: "Taylor orders filters: a second order before the nudge", topic: "orders/create", payload: () => p.order({ id: 9005, number: 1005, person: taylor, at: at(9, "11:00"), items: [filters], acceptsMarketing: true }) },
  job(at(14, "12:30"), "Two weeks without an answer to “shall we keep writing?”: the win-back job sunsets Morgan"),
  { at: at(15, "10:00"), say: "Morgan starts a checkout, then leaves", topic: "checkouts/create", payload: () => p.checkout({ token: "c-morgan-1", email: morgan.email, firstName: "Morgan", customer: morgan, items: [beans], at: at(15, "10:00"), acceptsMarketing: true }) },
];

/** The simulation runs until every reminder in the story has had its moment (Riley's second-order nudge, day 16). */
export const STORY_END = at(17, "12:00");
