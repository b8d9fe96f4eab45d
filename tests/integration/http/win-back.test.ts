// The three-step win-back over HTTP and a real SMTP sink: two buyers turn dormant. The one who clicks
// the reminder is not chased further and orders (the KPI); the one who never answers gets the stronger
// offer with its code, then "shall we keep writing?", and is sunset two weeks later: marketing stops,
// the person's timeline says why, and the merchant's reversal stands.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../scripts/demo/payloads";
import { isSunset, reverseSunset, runWinBack } from "~/.server/lifecycle/win-back";
import { scenarioDetail } from "~/.server/measurement/report";
import { SHOP, startApp, type App } from "../../support/app";
import { NOON, days } from "../../support/today";

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const dan = { id: 8401, email: "dan.quiet@example.com", first_name: "Dan", last_name: null };
const eve = { id: 8402, email: "eve.clicks@example.com", first_name: "Eve", last_name: null };
const fay = { id: 8403, email: "fay.recent@example.com", first_name: "Fay", last_name: null };
const mug = { title: "Stoneware mug", variant: "Sand", price: "24.00", quantity: 1, productId: 711 };

async function buyer(person: typeof dan, orderId: number, at: Date) {
  const order = p.order({ id: orderId, number: orderId - 80000, person, at, items: [mug], acceptsMarketing: true });
  expect((await app.webhook("orders/create", order, { at })).status).toBe(200);
  expect((await app.webhook("customers_email_marketing_consent/update", p.consent(person, "subscribed", at), { at })).status).toBe(200);
}

const steps = (email: string) => app.db.message.findMany({ where: { shop: SHOP, scenario: "win-back", email }, orderBy: { step: "asc" } });
const mailsTo = (email: string) => app.smtp.received.filter((r) => r.envelopeTo.includes(email)).map((r) => r.mail);
const trackedLink = (html: string) => /href="([^"]+\/t\/c\/[\w.-]+)"/.exec(html)![1];

describe("win-back, three steps", () => {
  it("is planned once for each buyer who turned dormant, and not for a recent one", async () => {
    await buyer(dan, 84010, days(-111));
    await buyer(eve, 84020, days(-111));
    await buyer(fay, 84030, days(-111));
    expect((await app.webhook("orders/create", p.order({ id: 84031, number: 4031, person: fay, at: days(-30), items: [mug], acceptsMarketing: true }), { at: days(-30) })).status).toBe(200);

    expect(await runWinBack(app.db, days(-21))).toEqual({ planned: 2, sunset: 0 });
    // The next hourly run finds the same series: nothing more.
    expect(await runWinBack(app.db, days(-21 + 1 / 24))).toEqual({ planned: 0, sunset: 0 });
    expect((await steps(dan.email)).map((m) => [m.step, m.runAt])).toEqual([
      [0, days(-21)],
      [1, days(-14)],
      [2, days(-7)],
    ]);
    expect(await steps(fay.email)).toEqual([]);
  });

  it("sends the reminder to both, without a code", async () => {
    await app.dispatch(days(-21));
    for (const person of [dan, eve]) {
      const [mail] = mailsTo(person.email);
      expect(mail.headers.get("x-crm-scenario")).toBe("win-back");
      expect(mail.subject).toMatch(/It has been a while/);
      expect(String(mail.text)).not.toMatch(/MISSYOU-/);
    }
  });

  it("sends the stronger offer only to the one who did not click the reminder", async () => {
    const click = await fetch(trackedLink(String(mailsTo(eve.email)[0].html)), { redirect: "manual" });
    expect(click.status).toBe(302);

    await app.dispatch(days(-14));
    const [, offer] = mailsTo(dan.email);
    expect(offer.subject).toMatch(/15% off to welcome you back/);
    const code = /\b(MISSYOU-[A-Z0-9]+)\b/.exec(String(offer.text))?.[1];
    expect(await app.db.coupon.findFirst({ where: { shop: SHOP, code: code ?? "" } })).toMatchObject({ percentOff: 15, email: dan.email, status: "active" });

    expect(mailsTo(eve.email)).toHaveLength(1);
    expect((await steps(eve.email))[1]).toMatchObject({ status: "skipped", reason: "branch_not_met", reasonDetail: "step 1 clicked" });
  });

  it("asks the quiet one whether to keep writing, with a one-click stop", async () => {
    // Eve orders after her click: the reactivation the scenario is measured by.
    expect((await app.webhook("orders/create", p.order({ id: 84021, number: 4021, person: eve, at: days(-12), items: [mug], acceptsMarketing: true }), { at: days(-12) })).status).toBe(200);

    await app.dispatch(days(-7));
    const last = mailsTo(dan.email)[2];
    expect(last.subject).toBe("Shall we keep writing to you?");
    expect(String(last.html)).toMatch(/No, stop these emails/);
    expect(String(last.html)).toMatch(/href="[^"]+\/unsubscribe\?[^"]+">No, stop these emails/);
    expect(mailsTo(eve.email)).toHaveLength(1);
    expect((await steps(eve.email))[2].status).toBe("skipped");

    // Reactivation counts each series once, by its first step: Eve's order within 30 days of it.
    const detail = await scenarioDetail(app.db, SHOP, "win-back", NOON);
    expect(detail.kpi).toMatchObject({ numerator: 1, denominator: 2 });
  });

  it("sunsets the one who never answered: no more marketing, nothing written to Shopify, reversible", async () => {
    expect(await runWinBack(app.db, days(6))).toEqual({ planned: 0, sunset: 0 });
    expect(await runWinBack(app.db, days(7.1))).toEqual({ planned: 0, sunset: 1 });
    expect(await isSunset(app.db, SHOP, dan.email)).toBe(true);
    expect(await app.db.suppression.findFirst({ where: { shop: SHOP, email: dan.email } })).toMatchObject({ reason: "sunset", shopifySync: "none" });
    expect(await isSunset(app.db, SHOP, eve.email)).toBe(false);

    // Dan leaves a checkout: the reminder is skipped with the reason.
    const checkout = p.checkout({ token: "c-dan-1", email: dan.email, firstName: "Dan", customer: dan, items: [mug], at: days(8), acceptsMarketing: true });
    expect((await app.webhook("checkouts/create", checkout, { at: days(8) })).status).toBe(200);
    await app.dispatch(days(8.05));
    expect(await app.db.message.findFirst({ where: { shop: SHOP, scenario: "cart-recovery", email: dan.email, step: 0 } })).toMatchObject({ status: "skipped", reason: "sunset" });

    // The merchant brings Dan back; the next run leaves him be.
    expect(await reverseSunset(app.db, SHOP, dan.email, days(9))).toBe(true);
    expect(await runWinBack(app.db, days(9.1))).toEqual({ planned: 0, sunset: 0 });
    expect(await isSunset(app.db, SHOP, dan.email)).toBe(false);
    const events = await app.db.messageEvent.findMany({ where: { shop: SHOP, scenario: "win-back", type: { in: ["sunset", "sunset_reversed"] } }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["sunset", "sunset_reversed"]);
    await app.dispatch(days(9.2));
    expect(await app.db.message.findFirst({ where: { shop: SHOP, scenario: "cart-recovery", email: dan.email, step: 1 } })).toMatchObject({ status: "sent" });
  });
});
