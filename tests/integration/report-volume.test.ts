// The report's grouped SQL against plain row counts, over a seeded history of mixed messages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KPI_WINDOW_DAYS, scenarioSummaries } from "~/.server/measurement/report";
import { createTestDb, type TestDb } from "../support/db";
import { seedVolume } from "../support/seed-volume";

const SHOP = "volume-shop.myshopify.com";
const NOW = new Date("2026-06-30T12:00:00Z");
const DAY = 86_400_000;
let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  await t.db.shop.create({ data: { domain: SHOP, name: "Volume", installedAt: new Date(NOW.getTime() - 400 * DAY) } });
  const seeded = await seedVolume(t.db, { shop: SHOP, messages: 20_000, now: NOW, days: 60 });
  expect(seeded.messages).toBe(20_000);
});
afterAll(() => t.close());

describe("the scenarios page over a seeded history", () => {
  it("counts the same audiences and goals as row-by-row queries", async () => {
    const since = new Date(NOW.getTime() - KPI_WINDOW_DAYS * DAY);
    const summaries = await scenarioSummaries(t.db, SHOP, NOW);
    for (const scenario of ["welcome", "cart-recovery", "coupon-expiry", "post-delivery"] as const) {
      const summary = summaries.find((s) => s.scenario === scenario)!;
      const treated = await t.db.message.findMany({ where: { shop: SHOP, scenario, status: "sent", holdout: false, test: false, sentAt: { gte: since } }, select: { id: true } });
      const held = await t.db.message.count({ where: { shop: SHOP, scenario, holdout: true, test: false, sentAt: { gte: since } } });
      const reached = new Set((await t.db.messageEvent.findMany({ where: { type: "goal", scenario }, select: { messageId: true } })).map((e) => e.messageId));
      const goals = treated.filter((m) => reached.has(m.id)).length;
      expect(summary.kpi.denominator).toBe(treated.length);
      expect(summary.kpi.holdoutSize).toBe(held);
      expect(summary.kpi.numerator).toBe(goals);
      expect(treated.length).toBeGreaterThan(100);
      expect(held).toBeGreaterThan(0);
    }
  });
});
