// The intake end to end against a real SQLite file: signature, dedupe, recording, atomicity.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveWebhook } from "~/.server/webhooks/receive";
import { MAX_ATTEMPTS, RETRY_AFTER_MS, applyAllWaiting, applyDelivery, type Applied } from "~/.server/webhooks/take";
import { topicsAt, uriForTopic } from "~/.server/webhooks/topics";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import type { Db } from "~/db.server";
import { createTestDb, testDbKind, type TestDb } from "../support/db";
import { fakeWebhookAuthenticator, signWebhookBody } from "../support/webhooks";

const SECRET = "test-app-secret";
const NOW = new Date("2026-03-01T12:00:00Z");

const authenticate = fakeWebhookAuthenticator(SECRET);

type Delivery = { topic: string; body: string; webhookId?: string; secret?: string; triggeredAt?: Date; shop?: string; uri?: string };

function request(d: Delivery): Request {
  const signature = signWebhookBody(d.body, d.secret ?? SECRET);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": d.topic,
    "X-Shopify-Shop-Domain": d.shop ?? DEMO_SHOP,
    "X-Shopify-API-Version": "2025-10",
    "X-Shopify-Webhook-Id": d.webhookId ?? crypto.randomUUID(),
    "X-Shopify-Hmac-Sha256": signature,
  };
  if (d.triggeredAt) headers["X-Shopify-Triggered-At"] = d.triggeredAt.toISOString();
  return new Request(new URL(d.uri ?? uriForTopic(d.topic), "https://app.example"), { method: "POST", headers, body: d.body });
}


/** Receives (the answer Shopify gets), then applies what was stored, as the server does right after. */
async function deliver(db: Db, d: Delivery): Promise<{ status: number; json: Record<string, unknown> | null; applied?: Applied }> {
  const req = request(d);
  const response = await receiveWebhook(req, { db, authenticate, now: () => NOW, acceptTopics: topicsAt(new URL(req.url).pathname), log: () => {} });
  const text = await response.text();
  const answer = { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  const webhookId = req.headers.get("X-Shopify-Webhook-Id")!;
  const [applied] = response.status === 200 ? await applyAllWaiting(db, { now: NOW, webhookIds: [webhookId] }) : [];
  return applied ? { ...answer, applied } : answer;
}

const signup = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 7001, email: "mina@example.com", first_name: "Mina", created_at: "2026-03-01T11:00:00Z", updated_at: "2026-03-01T11:00:00Z", ...over });

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
});
afterAll(async () => t.close());

describe("webhook intake", () => {
  it("a forged delivery is refused with 401 and leaves no trace", async () => {
    const answer = await deliver(t.db, { topic: "customers/create", body: signup({ id: 7100 }), secret: "not-the-secret", webhookId: "forged-1" });
    expect(answer.status).toBe(401);
    expect(await t.db.webhookDelivery.count({ where: { webhookId: "forged-1" } })).toBe(0);
    expect(await t.db.customer.count({ where: { shopifyId: "7100" } })).toBe(0);
  });

  it("a signup is answered once stored, then projected and planned, and its body is not kept", async () => {
    const answer = await deliver(t.db, { topic: "customers/create", body: signup(), webhookId: "signup-1" });
    expect(answer).toMatchObject({ status: 200, json: { outcome: "received", events: 1 }, applied: { outcome: "processed", events: 1, planned: 1 } });
    expect(await t.db.customer.findFirstOrThrow({ where: { shopifyId: "7001" } })).toMatchObject({ firstName: "Mina", email: "mina@example.com" });
    expect(await t.db.message.count({ where: { customerShopifyId: "7001", scenario: "welcome" } })).toBe(1);
    const delivery = await t.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "signup-1" } });
    expect(delivery).toMatchObject({ outcome: "processed", topic: "customers/create", eventCount: 1, payload: null });
  });

  it("the same webhook delivered twice is recorded once and plans one set of messages", async () => {
    const body = signup({ id: 7002, email: "dup@example.com" });
    const first = await deliver(t.db, { topic: "customers/create", body, webhookId: "dup-1" });
    const second = await deliver(t.db, { topic: "customers/create", body, webhookId: "dup-1" });
    expect(first).toMatchObject({ json: { outcome: "received" }, applied: { outcome: "processed", planned: 1 } });
    expect(second).toEqual({ status: 200, json: { outcome: "duplicate", events: 0 } });
    expect(await t.db.webhookDelivery.count({ where: { webhookId: "dup-1" } })).toBe(1);
    expect(await t.db.message.count({ where: { email: "dup@example.com" } })).toBe(1);
  });

  it("two copies of one webhook arriving at once still plan one set of messages", async () => {
    const body = signup({ id: 7004, email: "race@example.com" });
    const answers = await Promise.all([1, 2].map(() => deliver(t.db, { topic: "customers/create", body, webhookId: "race-1" })));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => a.json?.outcome).sort()).toEqual(["duplicate", "received"]);
    expect(await t.db.webhookDelivery.count({ where: { webhookId: "race-1" } })).toBe(1);
    expect(await t.db.message.count({ where: { email: "race@example.com" } })).toBe(1);
  });

  it("deliveries arriving together are stored together, each answered for itself", async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `burst-${i % 40}`);
    const answers = await Promise.all(
      ids.map((webhookId, i) => {
        const req = request({ topic: "customers/create", body: signup({ id: 7400 + (i % 40), email: `burst${i % 40}@example.com` }), webhookId });
        return receiveWebhook(req, { db: t.db, authenticate, now: () => NOW, acceptTopics: topicsAt("/webhooks/customers"), log: () => {} }).then(async (r) => ({ status: r.status, ...((await r.json()) as { outcome: string }) }));
      }),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.outcome === "received")).toHaveLength(40);
    expect(answers.filter((a) => a.outcome === "duplicate")).toHaveLength(20);
    expect(await t.db.webhookDelivery.count({ where: { webhookId: { startsWith: "burst-" } } })).toBe(40);
  });

  it("a genuine but malformed body is answered 200 and recorded as unmappable, with the body kept to diagnose", async () => {
    const body = '{"id": 1, "email": ';
    const answer = await deliver(t.db, { topic: "customers/create", body, webhookId: "broken-1" });
    expect(answer).toMatchObject({ status: 200, json: { outcome: "unmappable", reason: "body is not valid JSON" } });
    expect(await t.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "broken-1" } })).toMatchObject({
      outcome: "unmappable",
      reason: "body is not valid JSON",
      payload: body,
    });
  });

  it("a payload missing its id is recorded as unmappable, naming the field", async () => {
    const answer = await deliver(t.db, { topic: "orders/create", body: JSON.stringify({ email: "x@example.com", total_price: "10.00" }), webhookId: "noid-1" });
    expect(answer).toMatchObject({ status: 200, json: { outcome: "unmappable", reason: "order id is missing" } });
    expect(await t.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "noid-1" } })).toMatchObject({ outcome: "unmappable", reason: "order id is missing" });
  });

  it("a topic sent to an address that does not handle it is recorded as ignored", async () => {
    const answer = await deliver(t.db, { topic: "orders/create", body: JSON.stringify({ id: 9 }), webhookId: "wrong-uri-1", uri: "/webhooks/customers" });
    expect(answer.json).toMatchObject({ outcome: "ignored" });
    expect(await t.db.order.count({ where: { shopifyId: "9" } })).toBe(0);
  });

  it("keeps an order id above 2^53 exactly, where the library's parse would store a different order", async () => {
    const body = '{"id": 820982911946154508, "created_at": "2026-03-01T10:00:00Z", "total_price": "12.00", "currency": "USD"}';
    await deliver(t.db, { topic: "orders/create", body, webhookId: "big-1" });
    expect(await t.db.order.count({ where: { shopifyId: "820982911946154508" } })).toBe(1);
    expect(await t.db.order.count({ where: { shopifyId: String(JSON.parse(body).id) } })).toBe(0);
  });

  it("an older customers/update delivered after a newer one keeps the newer name", async () => {
    const update = (name: string, at: string) => JSON.stringify({ id: 7003, email: "late@example.com", first_name: name, updated_at: at });
    await deliver(t.db, { topic: "customers/update", body: update("Newer", "2026-03-01T10:05:00Z") });
    await deliver(t.db, { topic: "customers/update", body: update("Older", "2026-03-01T10:00:00Z") });
    expect((await t.db.customer.findFirstOrThrow({ where: { shopifyId: "7003" } })).firstName).toBe("Newer");
  });

  it("passes the library's own refusals through", async () => {
    const req = new Request("https://app.example/webhooks/customers", { method: "POST", body: "{}" });
    const response = await receiveWebhook(req, { db: t.db, authenticate, now: () => NOW, acceptTopics: [], log: () => {} });
    expect(response.status).toBe(400);
  });
});

describe("applying a stored delivery", () => {
  it("applies it once when two processes take it at the same moment", async () => {
    const req = request({ topic: "customers/create", body: signup({ id: 7300, email: "twice@example.com" }), webhookId: "taken-1" });
    expect((await receiveWebhook(req, { db: t.db, authenticate, now: () => NOW, acceptTopics: topicsAt("/webhooks/customers"), log: () => {} })).status).toBe(200);
    const results = await Promise.all([applyDelivery(t.db, "taken-1", NOW), applyDelivery(t.db, "taken-1", NOW)]);
    expect(results.filter((r) => r?.outcome === "processed")).toHaveLength(1);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(await t.db.message.count({ where: { email: "twice@example.com" } })).toBe(1);
  });
});

describe("applying stored deliveries together", () => {
  let bad: TestDb;
  beforeAll(async () => {
    bad = await createTestDb();
    await installDemoShop(bad.db, new Date("2026-01-01T00:00:00Z"));
    // The database refuses one customer: its delivery fails in the middle of a batch.
    await bad.exec(
      testDbKind() === "postgres"
        ? `CREATE FUNCTION refuse_7402() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused 7402'; END $$ LANGUAGE plpgsql;
           CREATE TRIGGER refuse_7402 BEFORE INSERT ON "Customer" FOR EACH ROW WHEN (NEW."shopifyId" = '7402') EXECUTE FUNCTION refuse_7402();`
        : `CREATE TRIGGER refuse_7402 BEFORE INSERT ON "Customer" WHEN NEW."shopifyId" = '7402' BEGIN SELECT RAISE(ABORT, 'refused 7402'); END;`,
    );
  });
  afterAll(async () => bad.close());

  it("applies a batch in order, and a delivery that fails is rolled back alone and tried again later", async () => {
    const ids = ["batch-1", "batch-2", "batch-3"];
    for (const [i, webhookId] of ids.entries()) {
      const req = request({ topic: "customers/create", body: signup({ id: 7401 + i, email: `batch${i}@example.com` }), webhookId });
      expect((await receiveWebhook(req, { db: bad.db, authenticate, now: () => NOW, acceptTopics: topicsAt("/webhooks/customers"), log: () => {} })).status).toBe(200);
    }
    const applied = await applyAllWaiting(bad.db, { now: NOW });
    // Received in the same instant here, so in no particular order among themselves.
    expect(applied.map((a) => [a.webhookId, a.outcome]).sort()).toEqual([
      ["batch-1", "processed"],
      ["batch-2", "retry"],
      ["batch-3", "processed"],
    ]);
    expect((await bad.db.customer.findMany({ orderBy: { shopifyId: "asc" } })).map((c) => c.shopifyId)).toEqual(["7401", "7403"]);
    expect(await bad.db.message.count({ where: { email: "batch1@example.com" } })).toBe(0);
    expect(await bad.db.message.count({ where: { email: { in: ["batch0@example.com", "batch2@example.com"] } } })).toBe(2);
    expect(await bad.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "batch-2" } })).toMatchObject({ outcome: "received", attempts: 1, reason: expect.stringMatching(/^attempt 1 failed, tried again in a minute: /) });
  });
});

describe("when the database fails", () => {
  let broken: TestDb;
  beforeAll(async () => {
    broken = await createTestDb();
    await installDemoShop(broken.db, new Date("2026-01-01T00:00:00Z"));
    await broken.exec('DROP TABLE "Message"');
  });
  afterAll(async () => broken.close());

  it("keeps a delivery whose application fails, with nothing half-written, tries it again each minute, then records why it gave up", async () => {
    const answer = await deliver(broken.db, { topic: "customers/create", body: signup({ id: 7200 }), webhookId: "fail-1" });
    expect(answer).toMatchObject({ status: 200, json: { outcome: "received" }, applied: { outcome: "retry" } });
    expect(await broken.db.customer.count({ where: { shopifyId: "7200" } })).toBe(0);
    expect(await broken.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "fail-1" } })).toMatchObject({ outcome: "received", attempts: 1 });

    // Not again within the minute; then once per minute until the last attempt.
    expect(await applyAllWaiting(broken.db, { now: new Date(NOW.getTime() + 1_000) })).toEqual([]);
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      const [again] = await applyAllWaiting(broken.db, { now: new Date(NOW.getTime() + attempt * RETRY_AFTER_MS) });
      expect(again.outcome).toBe(attempt === MAX_ATTEMPTS ? "failed" : "retry");
    }
    const given = await broken.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "fail-1" } });
    expect(given).toMatchObject({ outcome: "failed", attempts: MAX_ATTEMPTS });
    expect(given.reason).toMatch(/not applied after 5 attempts/);
    expect(given.payload).toContain('"id":7200');
    expect(await broken.db.customer.count({ where: { shopifyId: "7200" } })).toBe(0);
  });

  it("answers 500 when the delivery cannot be stored, so Shopify retries, and records nothing", async () => {
    const gone = await createTestDb();
    try {
      await gone.exec('DROP TABLE "WebhookDelivery"');
      const answer = await deliver(gone.db, { topic: "customers/create", body: signup({ id: 7201 }), webhookId: "fail-2" });
      expect(answer.status).toBe(500);
      expect(await gone.db.customer.count({ where: { shopifyId: "7201" } })).toBe(0);
    } finally {
      await gone.close();
    }
  });
});
