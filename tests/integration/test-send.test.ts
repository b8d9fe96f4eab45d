import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailTransport } from "~/.server/channels/email/transport";
import { sendTestEmail, TEST_COUPON_CODE, type TestSendDeps } from "~/.server/measurement/test-send";
import { unsubscribeWithToken } from "~/.server/tracking/unsubscribe";
import { scenarioSummaries } from "~/.server/measurement/report";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";
import { type SmtpSink } from "../support/smtp-sink";
import { startMailServer, type MailServer } from "../support/mail-server";

const T = new Date("2026-03-02T12:00:00Z");
let t: TestDb;
let sink: SmtpSink;
let transport: EmailTransport;
let mail: MailServer;
let deps: TestSendDeps;

beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, T);
  mail = await startMailServer();
  ({ sink, transport } = mail);
  deps = { db: t.db, transport, appUrl: "https://crm.example", secret: "test-secret" , defaultFrom: "shops@crm.example"};
});
afterAll(async () => {
  await mail.close();
  await t.close();
});

describe("a merchant's test send", () => {
  it("arrives with a [TEST] subject and a code that cannot be redeemed, and is recorded as a test that counts nowhere", async () => {
    const result = await sendTestEmail(deps, { shop: DEMO_SHOP, scenario: "welcome", locale: "en", template: null, to: "owner@demo-shop.example", now: T });
    expect(result).toMatchObject({ ok: true, subject: expect.stringMatching(/^\[TEST\] Welcome to Demo Coffee Roasters/) });
    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0].subject).toMatch(/^\[TEST\] /);
    expect(sink.mails[0].text).toContain(TEST_COUPON_CODE);
    expect(await t.db.coupon.count()).toBe(0);
    const row = await t.db.message.findUniqueOrThrow({ where: { id: result.ok ? result.messageId : "" } });
    expect(row).toMatchObject({ test: true, status: "sent", email: "owner@demo-shop.example" });
    expect(row.key).toMatch(new RegExp(`^${DEMO_SHOP}:welcome:test:[a-z0-9]+:0$`));
    const welcome = (await scenarioSummaries(t.db, DEMO_SHOP, T)).find((s) => s.scenario === "welcome")!;
    expect(welcome.week.sent).toBe(0);
  });

  it("can send variant B's subject", async () => {
    sink.received.length = 0;
    const result = await sendTestEmail(deps, { shop: DEMO_SHOP, scenario: "cart-recovery", locale: "en", template: null, subjectB: "Still thinking, {{ customer.first_name | default: \"friend\" }}?", to: "owner@demo-shop.example", now: T });
    expect(result).toMatchObject({ ok: true });
    expect(sink.mails[0].subject).toBe("[TEST] Still thinking, Ada?");
  });

  it("refuses an invalid template with its errors and sends nothing", async () => {
    sink.received.length = 0;
    const result = await sendTestEmail(deps, {
      shop: DEMO_SHOP,
      scenario: "welcome",
      locale: "en",
      template: { subject: "Hi {{ customer.nickname }}", preheader: "", body: "<p>{{ coupon.code }}</p>" },
      to: "owner@demo-shop.example",
      now: T,
    });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('Unknown variable "customer.nickname"') });
    expect(sink.mails).toHaveLength(0);
  });

  it("is not tracked: no open pixel, and its links go straight to their destination", async () => {
    sink.received.length = 0;
    const result = await sendTestEmail(deps, { shop: DEMO_SHOP, scenario: "welcome", locale: "en", template: null, to: "owner@demo-shop.example", now: T });
    expect(result).toMatchObject({ ok: true });
    const { html, text } = sink.mails[0];
    for (const body of [String(html), String(text)]) {
      expect(body).not.toMatch(/\/t\/[co]\//);
      expect(body).toContain("https://demo-shop.myshopify.com");
    }
  });

  it("carries an unsubscribe link that does not unsubscribe the merchant", async () => {
    sink.received.length = 0;
    const result = await sendTestEmail(deps, { shop: DEMO_SHOP, scenario: "welcome", locale: "en", template: null, to: "owner@demo-shop.example", now: T });
    expect(result).toMatchObject({ ok: true });
    const link = /\/unsubscribe\?token=([^\s"&>]+)/.exec(sink.mails[0].text ?? "");
    expect(link).not.toBeNull();
    const answer = await unsubscribeWithToken(t.db, decodeURIComponent(link![1]), deps.secret, T);
    expect(answer).toMatchObject({ ok: true, test: true });
    expect(await t.db.suppression.count({ where: { email: "owner@demo-shop.example" } })).toBe(0);
    expect(await t.db.messageEvent.count({ where: { type: "unsubscribe" } })).toBe(0);
  });
});
