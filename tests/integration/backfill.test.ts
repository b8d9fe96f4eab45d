// The install-time backfill against the fake Admin API: the bulk query is judged by Shopify's schema
// and scopes, the result is a JSONL file served over real HTTP, and the finish webhook's payload goes
// through the real mapper and applier.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { advanceBackfills, backfillProgress, requestBackfill } from "~/.server/backfill/backfill";
import { createFakeAdminApi, type FakeAdminApi } from "~/.server/shopify/fake-admin";
import { applyEvents } from "~/.server/webhooks/apply";
import { TOPICS } from "~/.server/webhooks/topics";
import { createTestDb, type TestDb } from "../support/db";

const SHOP = "old-store.myshopify.com";
const T = new Date("2026-03-02T12:00:00Z");
const MIN = 60_000;
const at = (ms: number) => new Date(T.getTime() + ms);
let t: TestDb;
let fake: FakeAdminApi;

/** A store with history: what a bulk query's JSONL holds, one object per customer. */
function existing(n: number): object[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `gid://shopify/Customer/${1000 + i}`,
    firstName: `P${i}`,
    lastName: null,
    locale: i % 2 ? "ko" : "en",
    createdAt: "2023-05-01T00:00:00Z",
    numberOfOrders: String(i % 4),
    amountSpent: { amount: `${(i % 4) * 25}.50`, currencyCode: "USD" },
    lastOrder: i % 4 ? { processedAt: "2025-12-01T10:00:00Z" } : null,
    defaultEmailAddress: { emailAddress: `P${i}@Old.example`, marketingState: i % 3 ? "SUBSCRIBED" : "NOT_SUBSCRIBED", marketingUpdatedAt: "2024-01-01T00:00:00Z" },
  }));
}

const deps = () => ({ db: t.db, admin: fake, random: () => 0.5 });
const backfill = () => t.db.backfill.findUniqueOrThrow({ where: { shop: SHOP } });
const finishWebhook = async (payload: unknown, when: Date) => {
  const mapped = TOPICS["bulk_operations/finish"].map(payload, { triggeredAt: when, receivedAt: when });
  if (!mapped.ok) throw new Error(mapped.reason);
  await t.db.$transaction((tx) => applyEvents(tx, SHOP, mapped.events));
};

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await fake?.bulk.close();
  await t.close();
});
beforeEach(async () => {
  await t.db.backfill.deleteMany();
  await t.db.customer.deleteMany();
  await fake?.bulk.close();
  fake = createFakeAdminApi({ existingCustomers: () => existing(450) });
});

describe("install-time customer backfill", () => {
  it("reads every existing customer's orders, spend, last order and consent into the projection", async () => {
    // A webhook since install already knows one of them, with a newer consent and a new order.
    await t.db.customer.create({ data: { shop: SHOP, shopifyId: "1001", email: "p1@old.example", emailConsent: "unsubscribed", consentUpdatedAt: at(-MIN), ordersCount: 1 } });
    await requestBackfill(t.db, SHOP, T);
    expect(await advanceBackfills(deps(), T)).toMatchObject({ started: 1 });
    expect(await backfill()).toMatchObject({ status: "running", operationId: "gid://shopify/BulkOperation/1" });
    const run = fake.requests.find((r) => r.operation === "CrmBulkOperationRunQuery")!;
    expect(run.refused).toBeNull();

    // Still running at the next poll.
    expect(await advanceBackfills(deps(), at(MIN))).toMatchObject({ waiting: 1 });
    const payload = await fake.bulk.finish(SHOP, "completed", existing(450), at(90_000));
    await finishWebhook(payload, at(90_000));
    expect(await advanceBackfills(deps(), at(90_000))).toMatchObject({ imported: 1 });

    expect(await backfill()).toMatchObject({ status: "completed", objectCount: 450, customersImported: 450, error: null });
    expect(await t.db.customer.count({ where: { shop: SHOP } })).toBe(450);
    expect(await t.db.customer.findFirstOrThrow({ where: { shop: SHOP, shopifyId: "1002" } })).toMatchObject({
      email: "p2@old.example",
      ordersCount: 2,
      totalSpentCents: 5050,
      lastOrderAt: new Date("2025-12-01T10:00:00Z"),
      emailConsent: "subscribed",
      locale: "en",
    });
    expect(await t.db.customer.findFirstOrThrow({ where: { shop: SHOP, shopifyId: "1003" } })).toMatchObject({ ordersCount: 3, emailConsent: "not_subscribed", locale: "ko" });
    // The webhook's newer consent and its count win over the older bulk values.
    expect(await t.db.customer.findFirstOrThrow({ where: { shop: SHOP, shopifyId: "1001" } })).toMatchObject({ emailConsent: "unsubscribed", ordersCount: 1 });
  });

  it("finds a finished run by polling when the webhook never comes, and a re-install imports again without duplicates", async () => {
    await requestBackfill(t.db, SHOP, T);
    await advanceBackfills(deps(), T);
    await fake.bulk.finish(SHOP, "completed", existing(450));
    expect(await advanceBackfills(deps(), at(MIN))).toMatchObject({ imported: 1 });

    await requestBackfill(t.db, SHOP, at(60 * MIN));
    await advanceBackfills(deps(), at(60 * MIN));
    await fake.bulk.finish(SHOP, "completed", existing(450));
    await advanceBackfills(deps(), at(61 * MIN));
    expect(await backfill()).toMatchObject({ status: "completed", customersImported: 450 });
    expect(await t.db.customer.count({ where: { shop: SHOP } })).toBe(450);
  });

  it("a failed run says why; a partial one imports what Shopify read and says so", async () => {
    await requestBackfill(t.db, SHOP, T);
    await advanceBackfills(deps(), T);
    await fake.bulk.finish(SHOP, "failed", existing(450));
    expect(await advanceBackfills(deps(), at(MIN))).toMatchObject({ failed: 1 });
    expect(await backfill()).toMatchObject({ status: "failed", error: expect.stringContaining("INTERNAL_SERVER_ERROR") });
    expect(await t.db.customer.count()).toBe(0);

    await requestBackfill(t.db, SHOP, at(10 * MIN));
    await advanceBackfills(deps(), at(10 * MIN));
    await fake.bulk.finish(SHOP, "partial", existing(450));
    await advanceBackfills(deps(), at(11 * MIN));
    expect(await backfill()).toMatchObject({ status: "partial", customersImported: 225, error: expect.stringContaining("TIMEOUT") });
    expect(await t.db.customer.count()).toBe(225);
  });

  it("retries a throttled start with backoff, and a run already under way is not started twice", async () => {
    await requestBackfill(t.db, SHOP, T);
    fake.throttleNext(1);
    expect(await advanceBackfills(deps(), T)).toMatchObject({ retried: 1 });
    expect(await backfill()).toMatchObject({ status: "requested", attempts: 1, error: expect.stringContaining("throttling") });
    expect(await advanceBackfills(deps(), at(30_000))).toMatchObject({ started: 0, retried: 0 });
    expect(await advanceBackfills(deps(), at(MIN))).toMatchObject({ started: 1 });
    await requestBackfill(t.db, SHOP, at(2 * MIN));
    expect(await backfill()).toMatchObject({ status: "running" });
  });

  it("passes over lines that are not customers, and counts them", async () => {
    await requestBackfill(t.db, SHOP, T);
    await advanceBackfills(deps(), T);
    await fake.bulk.finish(SHOP, "completed", [...existing(3), { id: "gid://shopify/Order/9" }, { nonsense: true }]);
    await advanceBackfills(deps(), at(MIN));
    expect(await backfill()).toMatchObject({ status: "completed", customersImported: 3, error: expect.stringContaining("2 line(s)") });
  });

  it("tells the merchant how far it got", async () => {
    expect(await backfillProgress(t.db, SHOP)).toEqual({ state: "none" });
    await requestBackfill(t.db, SHOP, T);
    await advanceBackfills(deps(), T);
    expect(await backfillProgress(t.db, SHOP)).toMatchObject({ state: "running", customers: 0, retrying: null });
    await fake.bulk.finish(SHOP, "completed", existing(450));
    await advanceBackfills(deps(), at(MIN));
    expect(await backfillProgress(t.db, SHOP)).toMatchObject({ state: "completed", customers: 450, note: null });
  });
});
