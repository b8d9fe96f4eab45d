// An unsubscribe through our emails is written back to Shopify's customer record, through the fake
// Admin API that judges each request by Shopify's schema and the app's scopes. The unsubscribe itself
// takes effect at once in our data; the write to Shopify is retried until it lands.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { installDemoShop, DEMO_SHOP } from "~/.server/shops";
import { writeBackUnsubscribes } from "~/.server/shopify/consent-sync";
import { createFakeAdminApi, type FakeAdminApi } from "~/.server/shopify/fake-admin";
import { unsubscribe } from "~/.server/tracking/unsubscribe";
import { createTestDb, type TestDb } from "../support/db";

const SHOP = DEMO_SHOP;
const T = new Date("2026-03-02T12:00:00Z");
const MIN = 60_000;
let t: TestDb;
let fake: FakeAdminApi;

beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.suppression.deleteMany();
  await t.db.customer.deleteMany();
  await t.db.shop.update({ where: { domain: SHOP }, data: { consentWriteBack: true } });
  fake = createFakeAdminApi();
  fake.seedCustomer(SHOP, { shopifyId: "501", email: "ana@example.com", locale: null, consent: "subscribed" });
  await t.db.customer.create({ data: { shop: SHOP, shopifyId: "501", email: "ana@example.com", emailConsent: "subscribed" } });
});

const deps = () => ({ db: t.db, admin: fake, random: () => 0.5 });
const suppression = (email: string) => t.db.suppression.findUniqueOrThrow({ where: { shop_email: { shop: SHOP, email } } });

describe("unsubscribe written back to Shopify", () => {
  it("sets the customer's email marketing consent to unsubscribed in Shopify, once", async () => {
    await unsubscribe(t.db, { shop: SHOP, email: "Ana@Example.com", messageKey: null, at: T });
    expect(await suppression("ana@example.com")).toMatchObject({ reason: "unsubscribed", shopifySync: "pending" });

    expect(await writeBackUnsubscribes(deps(), T)).toMatchObject({ done: 1 });
    expect(fake.customers(SHOP)).toEqual([expect.objectContaining({ shopifyId: "501", consent: "unsubscribed" })]);
    const request = fake.requests.at(-1)!;
    expect(request).toMatchObject({ operation: "CrmCustomerEmailMarketingConsentUpdate", refused: null });
    expect(request.variables).toEqual({ input: { customerId: "gid://shopify/Customer/501", emailMarketingConsent: { marketingState: "UNSUBSCRIBED", consentUpdatedAt: T.toISOString() } } });
    expect(await suppression("ana@example.com")).toMatchObject({ shopifySync: "done", shopifySyncAttempts: 1, shopifySyncError: null });

    // Nothing is written twice, and a repeated unsubscribe click changes nothing.
    await unsubscribe(t.db, { shop: SHOP, email: "ana@example.com", messageKey: null, at: new Date(T.getTime() + MIN) });
    expect(await writeBackUnsubscribes(deps(), new Date(T.getTime() + 2 * MIN))).toMatchObject({ done: 0 });
    expect(fake.calls.filter((c) => c.op === "unsubscribeCustomer")).toHaveLength(1);
  });

  it("retries with backoff while Shopify is unreachable or throttling; the unsubscribe already holds", async () => {
    await unsubscribe(t.db, { shop: SHOP, email: "ana@example.com", messageKey: null, at: T });
    fake.failNetworkNext(1);
    expect(await writeBackUnsubscribes(deps(), T)).toMatchObject({ retried: 1 });
    const waiting = await suppression("ana@example.com");
    expect(waiting).toMatchObject({ shopifySync: "pending", shopifySyncAttempts: 1, shopifySyncError: expect.stringContaining("could not be reached") });
    expect(waiting.shopifySyncAfter!.getTime()).toBe(T.getTime() + MIN);

    expect(await writeBackUnsubscribes(deps(), new Date(T.getTime() + 30_000))).toMatchObject({ done: 0, retried: 0 });
    fake.throttleNext(1);
    expect(await writeBackUnsubscribes(deps(), new Date(T.getTime() + MIN))).toMatchObject({ retried: 1 });
    expect(await writeBackUnsubscribes(deps(), new Date(T.getTime() + 10 * MIN))).toMatchObject({ done: 1 });
    expect(await suppression("ana@example.com")).toMatchObject({ shopifySync: "done", shopifySyncAttempts: 3 });
  });

  it("looks a guest up by email, and records an address Shopify does not know as not a customer", async () => {
    fake.seedCustomer(SHOP, { shopifyId: "777", email: "guest@example.com", locale: null, consent: "subscribed" });
    await unsubscribe(t.db, { shop: SHOP, email: "guest@example.com", messageKey: null, at: T });
    await unsubscribe(t.db, { shop: SHOP, email: "stranger@example.com", messageKey: null, at: T });
    expect(await writeBackUnsubscribes(deps(), T)).toMatchObject({ done: 1, notCustomers: 1 });
    expect(fake.customers(SHOP).find((c) => c.email === "guest@example.com")).toMatchObject({ consent: "unsubscribed" });
    expect(await suppression("stranger@example.com")).toMatchObject({ shopifySync: "not_a_customer" });
  });

  it("writes nothing to Shopify when the merchant turned the setting off", async () => {
    await t.db.shop.update({ where: { domain: SHOP }, data: { consentWriteBack: false } });
    await unsubscribe(t.db, { shop: SHOP, email: "ana@example.com", messageKey: null, at: T });
    expect(await writeBackUnsubscribes(deps(), T)).toMatchObject({ off: 1 });
    expect(fake.calls).toEqual([]);
    expect(await suppression("ana@example.com")).toMatchObject({ shopifySync: "off" });
  });

  it("gives up after the last attempt and says why", async () => {
    await unsubscribe(t.db, { shop: SHOP, email: "ana@example.com", messageKey: null, at: T });
    await t.db.suppression.updateMany({ data: { shopifySyncAttempts: 7 } });
    fake.failNetworkNext(1);
    expect(await writeBackUnsubscribes(deps(), T)).toMatchObject({ failed: 1 });
    expect(await suppression("ana@example.com")).toMatchObject({ shopifySync: "failed", shopifySyncAttempts: 8, shopifySyncError: expect.stringContaining("ECONNREFUSED") });
  });
});
