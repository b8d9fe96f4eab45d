// The second-order nudge over HTTP: two first-time buyers get their parcels; the one who has not
// ordered again gets a code for the next order in a real SMTP sink, the one who has is skipped with
// the reason, and an order with the code counts toward the KPI.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../scripts/demo/payloads";
import { scenarioDetail } from "~/.server/measurement/report";
import { SHOP, startApp, type App } from "../../support/app";
import { NOON, days } from "../../support/today";

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const bo = { id: 8301, email: "bo.first@example.com", first_name: "Bo", last_name: null };
const cy = { id: 8302, email: "cy.again@example.com", first_name: "Cy", last_name: null };
const mug = { title: "Stoneware mug", variant: "Sand", price: "24.00", quantity: 1, productId: 611 };
const beans = { title: "House blend", variant: "250 g", price: "18.00", quantity: 1, productId: 612 };

async function firstOrderDelivered(person: typeof bo, orderId: number, fulfillmentId: number) {
  const order = p.order({ id: orderId, number: orderId - 80000, person, at: days(-20), items: [mug], acceptsMarketing: true });
  expect((await app.webhook("orders/create", order, { at: days(-20) })).status).toBe(200);
  expect((await app.webhook("customers_email_marketing_consent/update", p.consent(person, "subscribed", days(-20)), { at: days(-20) })).status).toBe(200);
  expect((await app.webhook("orders/fulfilled", p.fulfilledOrder(order, days(-18)), { at: days(-18) })).status).toBe(200);
  const delivered = p.fulfillmentEvent({ id: fulfillmentId + 1, fulfillmentId, orderId, status: "delivered", at: days(-16) });
  expect((await app.webhook("fulfillment_events/create", delivered, { at: days(-16) })).status).toBe(200);
}

const nudgeFor = (email: string) => app.db.message.findFirstOrThrow({ where: { shop: SHOP, scenario: "second-order", email } });

describe("second-order nudge", () => {
  it("is planned 14 days after each first order arrived", async () => {
    await firstOrderDelivered(bo, 83010, 8310);
    await firstOrderDelivered(cy, 83020, 8320);
    for (const person of [bo, cy]) {
      const m = await nudgeFor(person.email);
      expect(m.status).toBe("planned");
      expect(m.runAt).toEqual(days(-2));
    }
  });

  it("is skipped for the buyer who ordered again, and sent with a fresh code to the other", async () => {
    const reorder = p.order({ id: 83021, number: 3021, person: cy, at: days(-5), items: [beans], acceptsMarketing: true });
    expect((await app.webhook("orders/create", reorder, { at: days(-5) })).status).toBe(200);

    await app.dispatch(days(-2));

    const skipped = await nudgeFor(cy.email);
    expect(skipped).toMatchObject({ status: "skipped", reason: "ordered_since" });
    expect(skipped.reasonDetail).toMatch(/2 orders|ordered again/);
    expect(app.smtp.received.filter((r) => r.envelopeTo.includes(cy.email))).toHaveLength(0);

    const mails = app.smtp.received.filter((r) => r.envelopeTo.includes(bo.email));
    expect(mails).toHaveLength(1);
    const mail = mails[0].mail;
    expect(mail.headers.get("x-crm-scenario")).toBe("second-order");
    expect(mail.subject).toMatch(/10% off your next order/);
    expect(String(mail.text)).toMatch(/Thank you for your first order, #3010/);
    const code = /\b(AGAIN-[A-Z0-9]+)\b/.exec(String(mail.text))?.[1];
    expect(code).toBeTruthy();
    const coupon = await app.db.coupon.findFirstOrThrow({ where: { shop: SHOP, code: code! } });
    expect(coupon).toMatchObject({ status: "active", percentOff: 10, email: bo.email });
    // The code gets its own expiry reminder, like the welcome's.
    expect(await app.db.message.count({ where: { shop: SHOP, scenario: "coupon-expiry", couponCode: code! } })).toBe(1);
  });

  it("counts the second order placed with the code toward its KPI", async () => {
    const code = (await app.db.coupon.findFirstOrThrow({ where: { shop: SHOP, email: bo.email } })).code;
    const second = p.order({ id: 83011, number: 3011, person: bo, at: days(-1), items: [beans], codes: [code], acceptsMarketing: true });
    expect((await app.webhook("orders/create", second, { at: days(-1) })).status).toBe(200);
    const detail = await scenarioDetail(app.db, SHOP, "second-order", NOON);
    expect(detail).toMatchObject({ conversions: 1 });
  });
});
