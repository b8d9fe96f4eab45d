// Retention: old message bodies and kept webhook bodies go, recent ones stay, a second run is a no-op.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxFileName } from "~/.server/channels/email/outbox";
import { purgeExpired, retentionDaysFrom } from "~/.server/compliance/purge";
import { DEMO_SHOP as SHOP } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";

const NOW = new Date("2026-06-01T03:17:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

let t: TestDb;
let outbox: string;
beforeAll(async () => {
  t = await createTestDb();
  outbox = path.join(t.dir, "outbox");
  fs.mkdirSync(outbox);
  for (const [key, at] of [["old", daysAgo(120)], ["recent", daysAgo(10)]] as const) {
    fs.writeFileSync(path.join(outbox, outboxFileName(`${SHOP}:welcome:${key}:0`, at)), "Subject: hi\n\nbody");
  }
  const message = (key: string, sentAt: Date) => ({
    key, shop: SHOP, scenario: "welcome", step: 0, about: key, email: `${key}@example.com`, triggeredAt: sentAt, runAt: sentAt,
    status: "sent", sentAt, renderedSubject: `Welcome, ${key}`,
  });
  await t.db.message.create({ data: message("old", daysAgo(120)) });
  await t.db.message.create({ data: message("recent", daysAgo(10)) });
  const delivery = (webhookId: string, topic: string, receivedAt: Date, reason: string) => ({
    webhookId, shop: SHOP, topic, receivedAt, outcome: topic === "customers/data_request" ? "processed" : "unmappable", reason, payload: `{"email":"${webhookId}@example.com"}`,
  });
  await t.db.webhookDelivery.create({ data: delivery("w-old", "orders/create", daysAgo(45), "order id is missing") });
  await t.db.webhookDelivery.create({ data: delivery("w-recent", "orders/create", daysAgo(5), "order id is missing") });
  await t.db.webhookDelivery.create({ data: delivery("w-pending", "customers/data_request", daysAgo(45), "data export pending: SMTP down") });
});
afterAll(async () => t.close());

describe("purge", () => {
  it("removes outbox files and rendered subjects past the retention, and webhook bodies past 30 days", async () => {
    expect(await purgeExpired(t.db, { now: NOW, retentionDays: 90, outboxDir: outbox })).toEqual({ outboxFiles: 1, renderedSubjects: 1, webhookPayloads: 1 });
    expect(fs.readdirSync(outbox)).toEqual([outboxFileName(`${SHOP}:welcome:recent:0`, daysAgo(10))]);
    const subjects = await t.db.message.findMany({ orderBy: { key: "asc" }, select: { key: true, renderedSubject: true, status: true } });
    expect(subjects).toEqual([
      { key: "old", renderedSubject: null, status: "sent" },
      { key: "recent", renderedSubject: "Welcome, recent", status: "sent" },
    ]);
    const payloads = await t.db.webhookDelivery.findMany({ orderBy: { webhookId: "asc" }, select: { webhookId: true, payload: true } });
    expect(payloads.map((d) => [d.webhookId, d.payload !== null])).toEqual([
      ["w-old", false],
      ["w-pending", true],
      ["w-recent", true],
    ]);
  });

  it("finds nothing more on a second run with the same clock", async () => {
    expect(await purgeExpired(t.db, { now: NOW, retentionDays: 90, outboxDir: outbox })).toEqual({ outboxFiles: 0, renderedSubjects: 0, webhookPayloads: 0 });
  });

  it("honours a shorter retention", async () => {
    expect(await purgeExpired(t.db, { now: NOW, retentionDays: 7, outboxDir: outbox })).toMatchObject({ outboxFiles: 1, renderedSubjects: 1 });
  });

  it("refuses a retention that is not a whole number of days", () => {
    expect(retentionDaysFrom(undefined)).toBe(90);
    expect(retentionDaysFrom("30")).toBe(30);
    for (const bad of ["0", "-5", "1.5", "ninety"]) expect(() => retentionDaysFrom(bad)).toThrow(/CRM_RETENTION_DAYS/);
  });
});
