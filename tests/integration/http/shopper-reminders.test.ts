// Browse and cart reminders from the web pixel's events to a real SMTP sink: a product viewed is
// reminded of four hours later with its title and page as Shopify has them; a product added to the
// cart gets the cart reminder instead; an add-to-cart followed by a checkout hands over to the checkout
// reminder; a product already reminded of this week is not reminded of again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../scripts/demo/payloads";
import { receivePixelEvents } from "~/.server/pixel/receive";
import { CLIENT_IP_HEADER } from "~/.server/http/client-ip";
import { scenarioDetail } from "~/.server/measurement/report";
import { SHOP, startApp, type App } from "../../support/app";

let app: App;
let key: string;
beforeAll(async () => {
  app = await startApp();
  key = (await app.db.shopPixel.findUniqueOrThrow({ where: { shop: SHOP } })).key;
});
afterAll(() => app?.close());

// A Wednesday, midday UTC (the demo shop's zone): the reminders fall outside its quiet hours.
const WED = new Date("2026-03-04T00:00:00Z");
const at = (day: number, hhmm: string) => new Date(WED.getTime() + day * 86_400_000 + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000);
const kim = { id: 8601, email: "kim.views@example.com", first_name: "Kim", last_name: null };
const lee = { id: 8602, email: "lee.carts@example.com", first_name: "Lee", last_name: null };
const pat = { id: 8603, email: "pat.checks-out@example.com", first_name: "Pat", last_name: null };
let n = 0;

async function subscribed(person: typeof kim) {
  expect((await app.webhook("customers/create", p.customer(person, at(-30, "09:00")), { at: at(-30, "09:00") })).status).toBe(200);
  expect((await app.webhook("customers_email_marketing_consent/update", p.consent(person, "subscribed", at(-30, "09:00")), { at: at(-30, "09:00") })).status).toBe(200);
}

/** The pixel's report, as the storefront posts it, at the storefront's moment. */
async function pixel(person: typeof kim, type: "product_viewed" | "product_added_to_cart", productId: string, when: Date) {
  const body = { shop: SHOP, key, customerId: String(person.id), events: [{ id: `ev-${++n}-7C1F`, type, at: when.toISOString(), productId, variantId: `${productId}0` }] };
  const request = new Request(`${app.server.url}/pixel/events`, { method: "POST", headers: { "Content-Type": "text/plain;charset=UTF-8", [CLIENT_IP_HEADER]: "198.51.100.40" }, body: JSON.stringify(body) });
  const answer = await receivePixelEvents(request, { db: app.db, secret: "unused-for-customer-events", now: () => when });
  expect(answer.status).toBe(204);
}

const reminders = (email: string) => app.db.message.findMany({ where: { shop: SHOP, email, scenario: { in: ["browse-abandonment", "cart-abandonment"] } }, orderBy: { runAt: "asc" } });
const mailsTo = (email: string) => app.smtp.received.filter((r) => r.envelopeTo.includes(email)).map((r) => r.mail);

describe("browse and cart reminders", () => {
  it("plans one reminder per product and week from the pixel's events, four hours (browse) or two (cart) later", async () => {
    for (const person of [kim, lee, pat]) await subscribed(person);
    await pixel(kim, "product_viewed", "41", at(0, "08:00"));
    await pixel(kim, "product_viewed", "41", at(0, "08:20")); // the same product again: nothing more
    await pixel(lee, "product_viewed", "41", at(0, "08:00"));
    await pixel(lee, "product_added_to_cart", "41", at(0, "08:30"));
    await pixel(pat, "product_added_to_cart", "502", at(0, "08:00"));
    expect((await reminders(kim.email)).map((m) => [m.scenario, m.runAt.toISOString()])).toEqual([["browse-abandonment", at(0, "12:00").toISOString()]]);
    expect((await reminders(lee.email)).map((m) => m.scenario)).toEqual(["cart-abandonment", "browse-abandonment"]);
  });

  it("sends the product as Shopify has it, hands over to the cart and checkout reminders, and says why", async () => {
    const checkout = p.checkout({ token: "c-pat-1", email: pat.email, firstName: "Pat", customer: pat, items: [{ title: "Dripper", variant: null, price: "32.00", quantity: 1, productId: 502 }], at: at(0, "09:00"), acceptsMarketing: true });
    expect((await app.webhook("checkouts/create", checkout, { at: at(0, "09:00") })).status).toBe(200);
    await app.dispatch(at(0, "12:00"));

    const [browse] = mailsTo(kim.email);
    expect(browse.headers.get("x-crm-scenario")).toBe("browse-abandonment");
    expect(browse.subject).toBe("Still thinking about Harbour Blend — Medium Roast, 340 g?");
    // Its link is tracked: the recorded destination is the product's page on the shop's domain.
    const sent = (await reminders(kim.email))[0];
    expect(JSON.parse(sent.links ?? "[]")).toContainEqual(expect.stringMatching(/^https:\/\/[^/]+\/products\/harbour-blend$/));

    expect(mailsTo(lee.email).map((m) => m.headers.get("x-crm-scenario"))).toEqual(["cart-abandonment"]);
    expect(mailsTo(lee.email)[0].subject).toBe("Harbour Blend — Medium Roast, 340 g is still in your cart");
    expect((await reminders(lee.email))[1]).toMatchObject({ status: "skipped", reason: "added_to_cart" });
    expect((await reminders(pat.email))[0]).toMatchObject({ scenario: "cart-abandonment", status: "skipped", reason: "checkout_started" });
    expect(mailsTo(pat.email).map((m) => m.headers.get("x-crm-scenario"))).not.toContain("cart-abandonment");
  });

  it("does not remind of the same product twice in seven days, across a week's end", async () => {
    await pixel(kim, "product_viewed", "41", at(5, "08:00")); // the next Monday: a new week, a new plan
    await app.dispatch(at(5, "12:00"));
    const [, again] = await reminders(kim.email);
    expect(again).toMatchObject({ status: "skipped", reason: "recently_reminded" });
    expect(mailsTo(kim.email)).toHaveLength(1);
  });

  it("counts an order within seven days toward the KPI", async () => {
    const order = p.order({ id: 86011, number: 6011, person: kim, at: at(2, "10:00"), items: [{ title: "Harbour Blend", variant: "340 g", price: "18.00", quantity: 1, productId: 41 }], acceptsMarketing: true });
    expect((await app.webhook("orders/create", order, { at: at(2, "10:00") })).status).toBe(200);
    expect((await scenarioDetail(app.db, SHOP, "browse-abandonment", at(6, "12:00"))).kpi).toMatchObject({ numerator: 1, denominator: 1 });
  });
});
