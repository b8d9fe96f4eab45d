import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { abVariantFor } from "~/domain/ab-test";
import { messageKey } from "~/domain/scenarios";
import type { EmailTransport } from "~/.server/channels/email/transport";
import { dispatchDue, type DispatchDeps } from "~/.server/dispatch/pass";
import { createFakeAdminApi } from "~/.server/shopify/fake-admin";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";
import { type SmtpSink } from "../support/smtp-sink";
import { startMailServer, type MailServer } from "../support/mail-server";
import { testDispatchDeps } from "../support/dispatch-deps";

const SHOP = DEMO_SHOP;
const T = new Date("2026-03-02T12:00:00Z");
const MIN = 60_000;

let t: TestDb;
let sink: SmtpSink;
let transport: EmailTransport;
let mail: MailServer;
let logs: string[];

beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, new Date(T.getTime() - 30 * 86_400_000));
  mail = await startMailServer();
  ({ sink, transport } = mail);
});
afterAll(async () => {
  await mail.close();
  await t.close();
});
beforeEach(async () => {
  for (const table of ["messageEvent", "message", "coupon", "customer", "checkout"] as const) {
    await (t.db[table] as { deleteMany(): Promise<unknown> }).deleteMany();
  }
  await t.db.shop.update({ where: { domain: SHOP }, data: { holdoutPercent: 0 } });
  await t.db.scenarioSetting.updateMany({ where: { shop: SHOP }, data: { holdoutPercent: null, abTest: "{}" } });
  sink.received.length = 0;
  logs = [];
});

function deps(): DispatchDeps {
  const admin = createFakeAdminApi({ orderCount: async () => 0 });
  return testDispatchDeps(t.db, transport, { services: { admin, random: Math.random, log: (l) => logs.push(l) } });
}

async function welcomeFor(n: number) {
  const id = String(500 + n);
  const email = `person${n}@example.com`;
  await t.db.customer.create({ data: { shop: SHOP, shopifyId: id, email, firstName: "Ada", emailConsent: "subscribed" } });
  return t.db.message.create({
    data: { key: messageKey(SHOP, "welcome", `customer:${id}`, 0), shop: SHOP, scenario: "welcome", step: 0, about: `customer:${id}`, email, customerShopifyId: id, triggeredAt: new Date(T.getTime() - 5 * MIN), runAt: new Date(T.getTime() - MIN), status: "planned" },
  });
}

describe("the holdout group at send time", () => {
  it("at 100 % skips every would-be send as holdout: no email, no code, no budget used", async () => {
    await t.db.scenarioSetting.update({ where: { shop_scenario: { shop: SHOP, scenario: "welcome" } }, data: { holdoutPercent: 100 } });
    const m = await welcomeFor(1);
    await dispatchDue(deps(), T);
    expect(await t.db.message.findUniqueOrThrow({ where: { id: m.id } })).toMatchObject({ status: "skipped", holdout: true, sentAt: T, reason: expect.stringMatching(/^holdout/) });
    expect(sink.mails).toHaveLength(0);
    expect(await t.db.coupon.count()).toBe(0);

    // The same person's next email is not held back by a budget the holdout never used.
    await t.db.checkout.create({ data: { shop: SHOP, token: "tok1", email: "person1@example.com", customerShopifyId: "501", firstName: "Ada", recoveryUrl: "https://demo-shop.example/c/tok1", acceptsMarketing: true, lineItems: JSON.stringify([{ title: "Beans", quantity: 1, priceCents: 1600 }]), totalPriceCents: 1600, currency: "USD", startedAt: new Date(T.getTime() - 2 * 3_600_000) } });
    await t.db.message.create({ data: { key: messageKey(SHOP, "cart-recovery", "checkout:tok1", 0), shop: SHOP, scenario: "cart-recovery", step: 0, about: "checkout:tok1", email: "person1@example.com", customerShopifyId: "501", checkoutToken: "tok1", triggeredAt: new Date(T.getTime() - 2 * 3_600_000), runAt: new Date(T.getTime() + MIN), status: "planned" } });
    await dispatchDue(deps(), new Date(T.getTime() + 2 * MIN));
    expect(sink.mails.map((mail) => mail.subject)).toEqual(["You left something in your cart"]);
  });

  it("at 0 % holds no one back", async () => {
    for (let i = 0; i < 10; i++) await welcomeFor(i);
    await dispatchDue(deps(), T);
    expect(await t.db.message.count({ where: { holdout: true } })).toBe(0);
    expect(sink.mails).toHaveLength(10);
  });
});

describe("subject A/B tests", () => {
  it("sends variant B's subject to B messages and records each message's variant", async () => {
    await t.db.scenarioSetting.update({
      where: { shop_scenario: { shop: SHOP, scenario: "welcome" } },
      data: { abTest: JSON.stringify({ subjects: { en: "A gift from {{ shop.name }} inside" }, minSample: 50 }) },
    });
    const messages = [];
    for (let i = 0; i < 16; i++) messages.push(await welcomeFor(i));
    await dispatchDue(deps(), T);
    const rows = await t.db.message.findMany({ where: { scenario: "welcome" } });
    for (const row of rows) expect(row.variant).toBe(abVariantFor(row.key));
    expect(new Set(rows.map((r) => r.variant))).toEqual(new Set(["A", "B"]));
    for (const row of rows) {
      const mail = sink.mails.find((m) => m.to && "text" in m.to && m.to.text === row.email);
      expect(mail?.subject).toEqual(row.variant === "B" ? "A gift from Demo Coffee Roasters inside" : expect.stringMatching(/^Welcome to Demo Coffee Roasters/));
    }
  });

  it("falls back to subject A, and says so, when the B subject is refused", async () => {
    await t.db.scenarioSetting.update({ where: { shop_scenario: { shop: SHOP, scenario: "welcome" } }, data: { abTest: JSON.stringify({ subjects: { en: "Hi {{ customer.nickname }}" } }) } });
    for (let i = 0; i < 6; i++) await welcomeFor(i);
    await dispatchDue(deps(), T);
    expect(sink.mails.every((m) => m.subject?.startsWith("Welcome to"))).toBe(true);
    expect(logs.some((l) => l.includes("subject B refused"))).toBe(true);
  });
});
