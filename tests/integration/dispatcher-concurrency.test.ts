// The dispatcher keeps several messages in flight over several SMTP connections, without giving up
// any guarantee: one person's messages still go one at a time in the shop's priority order (the
// frequency budget), and a stopped pass finishes what is on the wire and hands back the rest.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageKey } from "~/domain/scenarios";
import { SMTP_CONNECTIONS, type EmailTransport } from "~/.server/channels/email/transport";
import { dispatchDue, type DispatchDeps } from "~/.server/dispatch/pass";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { seedDueMessages } from "../faults/support/seed-due";
import { createTestDb, type TestDb } from "../support/db";
import { type SmtpSink } from "../support/smtp-sink";
import { startMailServer, type MailServer } from "../support/mail-server";
import { testDispatchDeps, type DepsOverrides } from "../support/dispatch-deps";

const SHOP = DEMO_SHOP;
const T = new Date("2026-03-02T12:00:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (ms: number) => new Date(T.getTime() + ms);

let t: TestDb;
let sink: SmtpSink;
let transport: EmailTransport;
let mail: MailServer;

beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, at(-30 * 24 * HOUR));
  // A distant server: each message takes a while to be accepted, so sends overlap when they can.
  mail = await startMailServer({ delayMs: 40 });
  ({ sink, transport } = mail);
});
afterAll(async () => {
  await mail.close();
  await t.close();
});

function deps(over: DepsOverrides = {}): DispatchDeps {
  return testDispatchDeps(t.db, transport, over);
}

/** A person with an open cart and an unused code, both reminders due: only one may go out today. */
async function personWithTwoDue(i: number) {
  const email = `two${i}@example.com`;
  const id = `two-${i}`;
  await t.db.customer.create({ data: { shop: SHOP, shopifyId: id, email, firstName: "Ada", emailConsent: "subscribed" } });
  await t.db.checkout.create({
    data: { shop: SHOP, token: `tok-${i}`, email, customerShopifyId: id, firstName: "Ada", recoveryUrl: `https://${SHOP}/checkouts/c/tok-${i}/recover`, acceptsMarketing: true, lineItems: JSON.stringify([{ title: "Filters", quantity: 1, priceCents: 1000 }]), totalPriceCents: 1000, currency: "USD", startedAt: at(-2 * HOUR) },
  });
  await t.db.coupon.create({
    data: { shop: SHOP, code: `SAVE-${i}`, scenario: "welcome", issueKey: `issued-${i}`, email, percentOff: 10, startsAt: at(-10 * 24 * HOUR), endsAt: at(3 * 24 * HOUR), status: "active" },
  });
  const base = { shop: SHOP, step: 0, email, customerShopifyId: id, status: "planned" };
  // The lower-ranked reminder falls due first, and in the same claimed batch as the cart reminder.
  const reminder = await t.db.message.create({
    data: { ...base, key: messageKey(SHOP, "coupon-expiry", `coupon:SAVE-${i}`, 0), scenario: "coupon-expiry", about: `coupon:SAVE-${i}`, couponCode: `SAVE-${i}`, triggeredAt: at(-HOUR), runAt: at(-20 * MIN) },
  });
  const cart = await t.db.message.create({
    data: { ...base, key: messageKey(SHOP, "cart-recovery", `checkout:tok-${i}`, 0), scenario: "cart-recovery", about: `checkout:tok-${i}`, checkoutToken: `tok-${i}`, triggeredAt: at(-HOUR), runAt: at(-10 * MIN) },
  });
  return { email, reminder, cart };
}

describe("the dispatcher with several messages in flight", () => {
  it("sends different people's messages at once, and each person only the highest-priority one", async () => {
    const people = await Promise.all(Array.from({ length: 24 }, (_, i) => personWithTwoDue(i)));

    const { outcomes } = await dispatchDue(deps(), T);

    expect(sink.peakInFlight).toBeGreaterThan(1);
    expect(sink.peakInFlight).toBeLessThanOrEqual(SMTP_CONNECTIONS);
    expect(outcomes).toHaveLength(48);
    for (const p of people) {
      const cart = await t.db.message.findUniqueOrThrow({ where: { id: p.cart.id } });
      const reminder = await t.db.message.findUniqueOrThrow({ where: { id: p.reminder.id } });
      expect(cart, cart.reason ?? "").toMatchObject({ status: "sent", attempts: 1, leaseOwner: null });
      expect(reminder).toMatchObject({ status: "deferred", runAt: at(16 * HOUR), reason: expect.stringMatching(/^frequency_budget/), attempts: 0 });
    }
    const to = sink.received.flatMap((r) => r.envelopeTo);
    expect(to.sort()).toEqual(people.map((p) => p.email).sort());
  });

  it("when stopped mid-pass, finishes the sends in flight and hands back every message it had not started", async () => {
    sink.received.length = 0;
    const keys = await seedDueMessages(t.db, { count: 120, runAt: at(-MIN), tag: "stop" });
    let stopping = false;
    const pass = dispatchDue(deps({ stopping: () => stopping, tuning: { batchSize: 40 } }), T);
    while (sink.received.length < 10) await new Promise((r) => setTimeout(r, 5));
    stopping = true;
    const { outcomes } = await pass;

    const rows = await t.db.message.findMany({ where: { key: { in: keys } }, select: { email: true, status: true, leaseOwner: true, attempts: true } });
    const sent = rows.filter((r) => r.status === "sent");
    expect(rows.filter((r) => r.leaseOwner !== null)).toEqual([]);
    expect(rows.filter((r) => r.status !== "sent").every((r) => r.status === "planned" && r.attempts === 0)).toBe(true);
    expect(sent.length).toBeGreaterThanOrEqual(10);
    expect(sent.length).toBeLessThan(keys.length);
    expect(outcomes.filter((o) => o.status === "sent")).toHaveLength(sent.length);
    // Everything the mail server accepted is recorded as sent, once.
    const to = sink.received.flatMap((r) => r.envelopeTo);
    expect(new Set(to).size).toBe(to.length);
    expect(new Set(to)).toEqual(new Set(sent.map((r) => r.email)));
  });
});
