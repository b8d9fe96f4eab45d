// The modal's email signup, on a real database, a real SMTP server and the demo's Admin API. By
// default it is double opt-in: the address gets a confirmation email and nothing reaches Shopify
// until its link is used; then Shopify gets the customer with CONFIRMED_OPT_IN, the same domain events
// its webhooks would bring plan the welcome, and the modal code gets its expiry reminder.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseEnv } from "~/env.server";
import { confirmSignup, describeSignupLink } from "~/.server/channels/onsite/confirm-signup";
import type { FactsRequest } from "~/.server/channels/onsite/facts";
import { decideForVisitor } from "~/.server/channels/onsite/offer";
import {
  CONFIRMATIONS_PER_ADDRESS_PER_DAY,
  CONFIRMATIONS_PER_IP_PER_DAY,
  purgeExpiredSignups,
  retryConfirmations,
  type SignupMail,
} from "~/.server/channels/onsite/pending-signup";
import { createRateLimiter } from "~/.server/channels/onsite/rate-limit";
import { revealCode } from "~/.server/channels/onsite/reveal";
import { signUpVisitor } from "~/.server/channels/onsite/signup";
import { signSignupToken } from "~/.server/channels/onsite/signup-token";
import type { OnsiteDeps } from "~/.server/channels/onsite/types";
import { createEmailTransport } from "~/.server/channels/email/transport";
import { createAdminApi } from "~/.server/runtime";
import type { FakeAdminApi } from "~/.server/shopify/fake-admin";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { dispatchDue } from "~/.server/dispatch/pass";
import { createTestDb, type TestDb } from "../support/db";
import { testDispatchDeps } from "../support/dispatch-deps";
import { freePort } from "../support/smtp-sink";
import { startMailServer, type MailServer } from "../support/mail-server";

const NOW = new Date();
const HOUR = 3_600_000;
const SECRET = "s";
let t: TestDb;
let mail: MailServer;
let admin: FakeAdminApi;
let signupMail: SignupMail;
let deps: OnsiteDeps;

beforeAll(async () => {
  t = await createTestDb();
  mail = await startMailServer();
  await installDemoShop(t.db, NOW);
});
afterAll(async () => {
  await mail.close();
  await t.close();
});
beforeEach(async () => {
  for (const table of [t.db.onsiteEvent, t.db.coupon, t.db.message, t.db.customer, t.db.pendingSignup, t.db.usageCounter, t.db.suppression] as { deleteMany(): Promise<unknown> }[]) {
    await table.deleteMany();
  }
  await t.db.shop.update({ where: { domain: DEMO_SHOP }, data: { signupOptIn: "double", locale: "en" } });
  mail.sink.received.length = 0;
  admin = (await createAdminApi(parseEnv({ CRM_DEMO: "1", NODE_ENV: "test", DATABASE_URL: t.url }), t.db)) as FakeAdminApi;
  signupMail = {
    transport: mail.transport,
    appUrl: "https://app.example",
    sender: (shop) => ({ from: { name: shop.name, address: "shops@crm.example" }, replyTo: shop.senderEmail }),
  };
  deps = { db: t.db, admin, secret: SECRET, random: Math.random, limiter: createRateLimiter(t.db), signupMail };
});

const v: FactsRequest = { shop: DEMO_SHOP, visitorId: "visitor-signup-1", customerShopifyId: null, consent: true, ref: null, productHandle: null, ip: "203.0.113.5" };

async function snapshot() {
  return {
    customers: await t.db.customer.count(),
    messages: await t.db.message.count(),
    events: await t.db.onsiteEvent.count(),
    shopify: admin.customers(DEMO_SHOP).length,
  };
}

/** The confirmation link's token, read from the email the SMTP server received. */
function tokenFromMail(index = -1): string {
  const text = mail.sink.mails.at(index)?.text ?? "";
  const url = text.match(/https:\/\/app\.example\/signup\/confirm\?token=\S+/)?.[0];
  if (!url) throw new Error(`no confirmation link in: ${text}`);
  return new URL(url).searchParams.get("token")!;
}

const upserts = () => admin.calls.filter((c) => c.op === "upsertCustomerWithConsent");

describe("modal signup", () => {
  it("refuses a bad email or a missing consent with 422 and changes nothing", async () => {
    const before = await snapshot();
    expect(await signUpVisitor(deps, v, { email: "not-an-email", consent: true }, NOW)).toMatchObject({ ok: false, status: 422, field: "email" });
    expect(await signUpVisitor(deps, v, { email: "ada@example.com" }, NOW)).toMatchObject({ ok: false, status: 422, field: "consent" });
    expect(await signUpVisitor(deps, v, { email: "ada@example.com", consent: "true" }, NOW)).toMatchObject({ ok: false, status: 422, field: "consent" });
    expect(await snapshot()).toEqual(before);
    expect(admin.calls).toHaveLength(0);
    expect(mail.sink.received).toHaveLength(0);
  });

  it("double opt-in: sends a transactional confirmation email and tells Shopify nothing", async () => {
    await t.db.shop.update({ where: { domain: DEMO_SHOP }, data: { koreanAdRules: true } });
    const before = await snapshot();
    expect(await signUpVisitor(deps, v, { email: " Ada@Example.com ", consent: true }, NOW)).toEqual({ ok: true, subscribed: false });
    expect(await snapshot()).toEqual(before);
    expect(admin.calls).toHaveLength(0);

    expect(mail.sink.received).toHaveLength(1);
    const sent = mail.sink.mails[0];
    expect(sent.to).toMatchObject({ value: [{ address: "ada@example.com" }] });
    expect(sent.subject).toMatch(/^Confirm your subscription to /);
    expect(sent.subject).not.toContain("(광고)");
    expect(sent.headers.get("list-unsubscribe")).toBeUndefined();
    expect(sent.text).toContain("you will not be subscribed");
    const pending = await t.db.pendingSignup.findFirstOrThrow();
    expect(pending).toMatchObject({ status: "pending", email: "ada@example.com", emailAttempts: 1, nextAttemptAt: null });
    expect(pending.emailSentAt).not.toBeNull();
    expect(pending.addressDigest).not.toContain("203.0.113.5");
    await t.db.shop.update({ where: { domain: DEMO_SHOP }, data: { koreanAdRules: false } });
  });

  it("writes to a Korean shopper in Korean", async () => {
    await signUpVisitor(deps, v, { email: "mina@example.com", consent: true, locale: "ko" }, NOW);
    expect(mail.sink.mails[0].subject).toMatch(/이메일 구독을 확인해 주세요$/);
    expect(mail.sink.mails[0].text).toContain("구독 확인하기");
  });

  it("opening the link changes nothing; its button subscribes with CONFIRMED_OPT_IN, plans the welcome and the code's reminder", async () => {
    const revealed = await revealCode(deps, v, NOW);
    if (!revealed.ok) throw new Error(revealed.error);
    await signUpVisitor(deps, v, { email: "ada@example.com", consent: true }, NOW);
    const token = tokenFromMail();

    const later = new Date(NOW.getTime() + HOUR);
    expect(await describeSignupLink(t.db, token, SECRET, later)).toMatchObject({ ok: true, state: "pending", email: "ada@example.com" });
    expect(await t.db.customer.count()).toBe(0);
    expect(upserts()).toHaveLength(0);

    expect(await confirmSignup({ db: t.db, admin, secret: SECRET }, token, later)).toMatchObject({ ok: true });
    expect(upserts().map((c) => c.op === "upsertCustomerWithConsent" && c.input)).toEqual([
      { email: "ada@example.com", consent: true, locale: null, optInLevel: "CONFIRMED_OPT_IN" },
    ]);
    const customer = await t.db.customer.findFirstOrThrow({ where: { email: "ada@example.com" } });
    expect(customer.emailConsent).toBe("subscribed");
    const messages = await t.db.message.findMany({ where: { email: "ada@example.com" }, orderBy: { runAt: "asc" } });
    expect(messages.map((m) => [m.scenario, m.status])).toEqual([
      ["welcome", "planned"],
      ["coupon-expiry", "planned"],
    ]);
    expect(messages[1].couponCode).toBe(revealed.code);
    expect(await t.db.onsiteEvent.count({ where: { type: "signup", visitorId: v.visitorId } })).toBe(1);
    expect(await t.db.pendingSignup.findFirstOrThrow()).toMatchObject({ status: "confirmed", confirmedAt: later });
    expect(await decideForVisitor(deps, v, new Date(NOW.getTime() + 86_400_000))).toEqual({ show: false, reason: "signed_up" });

    // A second click (or a second tab) changes nothing more.
    expect(await confirmSignup({ db: t.db, admin, secret: SECRET }, token, later)).toMatchObject({ ok: true });
    expect(upserts()).toHaveLength(1);
    expect(await t.db.message.count({ where: { email: "ada@example.com" } })).toBe(2);
  });

  it("the welcome carries the code the modal showed, and no second code is made", async () => {
    const revealed = await revealCode(deps, v, NOW);
    if (!revealed.ok) throw new Error(revealed.error);
    await signUpVisitor(deps, v, { email: "ada@example.com", consent: true }, NOW);
    const later = new Date(NOW.getTime() + HOUR);
    expect(await confirmSignup({ db: t.db, admin, secret: SECRET }, tokenFromMail(), later)).toMatchObject({ ok: true });
    mail.sink.received.length = 0;

    const { outcomes } = await dispatchDue(testDispatchDeps(t.db, mail.transport, { services: { admin } }), new Date(later.getTime() + 2 * HOUR));
    expect(outcomes.filter((o) => o.status === "sent").map((o) => o.scenario)).toContain("welcome");
    const welcome = mail.sink.mails.find((m) => m.to && JSON.stringify(m.to).includes("ada@example.com"));
    expect(welcome?.text).toContain(revealed.code);
    // One discount in Shopify and one row here: the modal's.
    expect(admin.codes(DEMO_SHOP)).toEqual([revealed.code]);
    expect(await t.db.coupon.count()).toBe(1);
  });

  it("refuses forged, altered and expired links, and changes nothing", async () => {
    await signUpVisitor(deps, v, { email: "ada@example.com", consent: true }, NOW);
    const token = tokenFromMail();
    const pending = await t.db.pendingSignup.findFirstOrThrow();
    const forged = signSignupToken(pending.id, pending.expiresAt, "another secret");
    const [id, exp, sig] = token.split(".");
    const stretched = `${id}.${(parseInt(exp, 36) + 86_400).toString(36)}.${sig}`;
    const afterExpiry = new Date(pending.expiresAt.getTime() + 1000);
    for (const [bad, at, state] of [
      [forged, NOW, "invalid"],
      [stretched, NOW, "invalid"],
      ["", NOW, "invalid"],
      [`${token}x`, NOW, "invalid"],
      [token, afterExpiry, "expired"],
    ] as const) {
      expect(await confirmSignup({ db: t.db, admin, secret: SECRET }, bad, at)).toMatchObject({ ok: false, link: { state } });
    }
    expect(upserts()).toHaveLength(0);
    expect(await t.db.pendingSignup.findFirstOrThrow()).toMatchObject({ status: "pending" });
  });

  it("answers 'try again' when Shopify is unreachable at confirmation, and the same link works afterwards", async () => {
    await signUpVisitor(deps, v, { email: "later@example.com", consent: true }, NOW);
    const token = tokenFromMail();
    admin.failNetworkNext(1);
    const failed = await confirmSignup({ db: t.db, admin, secret: SECRET }, token, NOW);
    expect(failed).toMatchObject({ ok: false, link: { ok: true, state: "pending" } });
    expect(await snapshot()).toMatchObject({ customers: 0, events: 0, messages: 0 });
    expect(await confirmSignup({ db: t.db, admin, secret: SECRET }, token, NOW)).toMatchObject({ ok: true });
    expect(await t.db.customer.count({ where: { email: "later@example.com", emailConsent: "subscribed" } })).toBe(1);
  });

  it("single opt-in (the shop's choice) subscribes at once with SINGLE_OPT_IN", async () => {
    await t.db.shop.update({ where: { domain: DEMO_SHOP }, data: { signupOptIn: "single" } });
    await t.db.customer.create({ data: { shop: DEMO_SHOP, shopifyId: "4242", email: "known@example.com", emailConsent: "not_subscribed" } });
    expect(await signUpVisitor(deps, v, { email: "known@example.com", consent: true }, NOW)).toEqual({ ok: true, subscribed: true, customerShopifyId: "4242" });
    expect(upserts().map((c) => c.op === "upsertCustomerWithConsent" && c.input.optInLevel)).toEqual(["SINGLE_OPT_IN"]);
    expect(await t.db.customer.count()).toBe(1);
    expect(await t.db.customer.findFirstOrThrow()).toMatchObject({ emailConsent: "subscribed" });
    expect(mail.sink.received).toHaveLength(0);
  });

  it("never re-subscribes an address that unsubscribed from an anonymous request, even under single opt-in", async () => {
    await t.db.shop.update({ where: { domain: DEMO_SHOP }, data: { signupOptIn: "single" } });
    await t.db.suppression.create({ data: { shop: DEMO_SHOP, email: "gone@example.com", reason: "unsubscribed", createdAt: NOW } });
    await t.db.customer.create({ data: { shop: DEMO_SHOP, shopifyId: "77", email: "left@example.com", emailConsent: "unsubscribed" } });
    for (const email of ["gone@example.com", "left@example.com"]) {
      expect(await signUpVisitor(deps, v, { email, consent: true }, NOW)).toEqual({ ok: true, subscribed: false });
    }
    expect(upserts()).toHaveLength(0);
    expect(mail.sink.received).toHaveLength(2);
    expect(await t.db.customer.findFirstOrThrow({ where: { shopifyId: "77" } })).toMatchObject({ emailConsent: "unsubscribed" });

    // The owner of the address confirms from their inbox: that is a new consent, and the old unsubscribe goes.
    expect(await confirmSignup({ db: t.db, admin, secret: SECRET }, tokenFromMail(0), NOW)).toMatchObject({ ok: true });
    expect(await t.db.suppression.count({ where: { email: "gone@example.com" } })).toBe(0);
  });

  it("sends nothing to an address that bounced or complained", async () => {
    await t.db.suppression.create({ data: { shop: DEMO_SHOP, email: "dead@example.com", reason: "bounced", createdAt: NOW } });
    expect(await signUpVisitor(deps, v, { email: "dead@example.com", consent: true }, NOW)).toEqual({ ok: true, subscribed: false });
    expect(mail.sink.received).toHaveLength(0);
    expect(await t.db.pendingSignup.count()).toBe(0);
  });

  it("caps confirmation emails per address and per client address per day", async () => {
    for (let i = 0; i < CONFIRMATIONS_PER_ADDRESS_PER_DAY + 2; i++) {
      expect(await signUpVisitor(deps, { ...v, ip: `198.51.100.${i}` }, { email: "target@example.com", consent: true }, NOW)).toEqual({ ok: true, subscribed: false });
    }
    expect(mail.sink.received).toHaveLength(CONFIRMATIONS_PER_ADDRESS_PER_DAY);

    const answers = [];
    for (let i = 0; i < CONFIRMATIONS_PER_IP_PER_DAY + 3; i++) {
      answers.push((await signUpVisitor(deps, { ...v, ip: "192.0.2.77" }, { email: `person${i}@example.com`, consent: true }, NOW)).ok);
    }
    expect(answers.filter(Boolean)).toHaveLength(CONFIRMATIONS_PER_IP_PER_DAY);
    expect(mail.sink.received).toHaveLength(CONFIRMATIONS_PER_ADDRESS_PER_DAY + CONFIRMATIONS_PER_IP_PER_DAY);
    // The next day, the same network may sign someone up again.
    expect(await signUpVisitor(deps, { ...v, ip: "192.0.2.77" }, { email: "tomorrow@example.com", consent: true }, new Date(NOW.getTime() + 25 * HOUR))).toMatchObject({ ok: true });
  });

  it("retries a confirmation the mail server did not take, with one Message-ID, and purges signups never confirmed", async () => {
    const down = createEmailTransport({ smtpUrl: `smtp://127.0.0.1:${await freePort()}`, outboxDir: mail.outboxDir });
    deps.signupMail = { ...signupMail, transport: down };
    expect(await signUpVisitor(deps, v, { email: "retry@example.com", consent: true }, NOW)).toEqual({ ok: true, subscribed: false });
    down.close();
    deps.signupMail = signupMail;
    const failed = await t.db.pendingSignup.findFirstOrThrow();
    expect(failed).toMatchObject({ status: "pending", emailSentAt: null, emailAttempts: 1 });
    expect(failed.emailError).toBeTruthy();
    expect(failed.nextAttemptAt!.getTime()).toBeGreaterThan(NOW.getTime());

    const jobs = { db: t.db, secret: SECRET, signupMail };
    expect(await retryConfirmations(jobs, NOW)).toBe(0); // not yet due
    const due = failed.nextAttemptAt!;
    expect(await retryConfirmations(jobs, due)).toBe(1);
    expect(await retryConfirmations(jobs, due)).toBe(0);
    expect(mail.sink.received).toHaveLength(1);
    expect(await t.db.pendingSignup.findFirstOrThrow()).toMatchObject({ emailAttempts: 2, emailError: null, nextAttemptAt: null });

    // One confirmed, one left unconfirmed past its link's end: only the unconfirmed one is purged.
    await confirmSignup({ db: t.db, admin, secret: SECRET }, tokenFromMail(), due);
    await signUpVisitor(deps, { ...v, visitorId: "visitor-signup-2" }, { email: "never@example.com", consent: true }, NOW);
    expect(await purgeExpiredSignups(t.db, NOW)).toBe(0);
    expect(await purgeExpiredSignups(t.db, new Date(NOW.getTime() + 49 * HOUR))).toBe(1);
    expect((await t.db.pendingSignup.findMany()).map((p) => [p.email, p.status])).toEqual([["retry@example.com", "confirmed"]]);
  });
});
