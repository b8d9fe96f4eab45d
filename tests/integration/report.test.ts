import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioDetail, scenarioSummaries } from "~/.server/measurement/report";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";

const SHOP = DEMO_SHOP;
const DAY = 86_400_000;
const NOW = new Date("2026-03-31T12:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

let t: TestDb;
let seq = 0;

type Fixture = { daysAgo: number; status?: string; holdout?: boolean; test?: boolean; variant?: "A" | "B"; goal?: boolean; conversion?: { cents: number; via: string } };

async function message(scenario: string, f: Fixture) {
  const id = `r${++seq}`;
  const status = f.status ?? (f.holdout ? "skipped" : "sent");
  const decided = ago(f.daysAgo);
  await t.db.message.create({
    data: {
      id,
      key: `${SHOP}:${scenario}:customer:${id}:0`,
      shop: SHOP,
      scenario,
      step: 0,
      about: `customer:${id}`,
      email: `${id}@example.com`,
      triggeredAt: decided,
      runAt: decided,
      status,
      holdout: f.holdout ?? false,
      test: f.test ?? false,
      variant: f.variant ?? null,
      sentAt: status === "sent" || f.holdout ? decided : null,
      updatedAt: decided,
    },
  });
  const event = { shop: SHOP, messageId: id, scenario, at: new Date(decided.getTime() + DAY) };
  if (f.goal) await t.db.messageEvent.create({ data: { ...event, key: `goal:${id}`, type: "goal", via: "order" } });
  if (f.conversion) {
    await t.db.messageEvent.create({
      data: { ...event, key: `conversion:${SHOP}:o${id}`, type: "conversion", orderId: `o${id}`, revenueCents: f.conversion.cents, currency: "USD", via: f.conversion.via },
    });
  }
  return id;
}

beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, ago(200));
  // cart-recovery: 4 reminded (3 recovered), 2 held out (1 bought anyway) → 75 % vs 50 %, lift 25 points.
  await message("cart-recovery", { daysAgo: 2, goal: true, conversion: { cents: 3000, via: "click" } });
  await message("cart-recovery", { daysAgo: 3, goal: true });
  await message("cart-recovery", { daysAgo: 10, goal: true, conversion: { cents: 2000, via: "code" } });
  await message("cart-recovery", { daysAgo: 20 });
  await message("cart-recovery", { daysAgo: 4, holdout: true, goal: true, conversion: { cents: 9999, via: "holdout" } });
  await message("cart-recovery", { daysAgo: 15, holdout: true });
  // Outside the window, or a test: counted nowhere.
  await message("cart-recovery", { daysAgo: 40, goal: true, conversion: { cents: 5000, via: "click" } });
  await message("cart-recovery", { daysAgo: 1, test: true, goal: true, conversion: { cents: 7000, via: "click" } });
  await message("cart-recovery", { daysAgo: 1, status: "skipped" });
  await message("cart-recovery", { daysAgo: 1, status: "planned" });
  // welcome A/B: A 0 of 2, B 2 of 2 with a minimum sample of 2.
  await t.db.scenarioSetting.update({ where: { shop_scenario: { shop: SHOP, scenario: "welcome" } }, data: { abTest: JSON.stringify({ subjects: { en: "B" }, minSample: 2 }) } });
  await message("welcome", { daysAgo: 1, variant: "A" });
  await message("welcome", { daysAgo: 9, variant: "A" });
  await message("welcome", { daysAgo: 1, variant: "B", goal: true, conversion: { cents: 1000, via: "code" } });
  await message("welcome", { daysAgo: 9, variant: "B", goal: true, conversion: { cents: 1000, via: "click" } });
  // exit-intent: 10 impressions, 2 orders with modal codes.
  for (let i = 0; i < 10; i++) {
    await t.db.onsiteEvent.create({ data: { key: `imp${i}`, shop: SHOP, visitorId: `v${i}`, type: "impression", at: ago(i < 4 ? 3 : 12) } });
  }
  for (const [i, cents] of [[1, 2500], [2, 3500]] as const) {
    await t.db.order.create({ data: { shop: SHOP, shopifyId: `exit-o${i}`, totalPriceCents: cents, currency: "USD", placedAt: ago(3) } });
    await t.db.coupon.create({
      data: { shop: SHOP, code: `EXIT-${i}`, scenario: "exit-intent", issueKey: `exit:${i}`, percentOff: 10, startsAt: ago(5), endsAt: ago(-5), status: "active", usedAt: ago(3), usedByOrder: `exit-o${i}` },
    });
  }
});
afterAll(() => t.close());

describe("the scenarios page", () => {
  it("shows this week's decisions, the KPI with holdout rate and lift, and revenue without the holdout's or tests'", async () => {
    const summaries = await scenarioSummaries(t.db, SHOP, NOW);
    const cart = summaries.find((s) => s.scenario === "cart-recovery")!;
    expect(cart.week).toEqual({ planned: 1, sent: 2, skipped: 2, deferred: 0, failed: 0 });
    expect(cart.kpi).toMatchObject({ numerator: 3, denominator: 4, rate: 0.75, holdoutSize: 2, holdoutRate: 0.5 });
    expect(cart.kpi.lift).toBeCloseTo(0.25);
    expect(cart.revenueCents).toBe(5000);
    expect(cart.currency).toBe("USD");

    const exit = summaries.find((s) => s.scenario === "exit-intent")!;
    expect(exit.kpi).toMatchObject({ numerator: 2, denominator: 10, rate: 0.2, holdoutRate: null, lift: null });
    expect(exit.week.sent).toBe(4);
    expect(exit.revenueCents).toBe(6000);
    expect(summaries.map((s) => s.scenario)).toEqual(["welcome", "exit-intent", "cart-recovery", "coupon-expiry", "post-delivery", "second-order", "win-back", "browse-abandonment", "cart-abandonment"]);
    expect(summaries.find((s) => s.scenario === "post-delivery")!.kpi).toMatchObject({ rate: null, denominator: 0 });
  });
});

describe("a scenario's report", () => {
  it("names the A/B winner once both variants reached the sample, and draws 8 weekly points", async () => {
    const welcome = await scenarioDetail(t.db, SHOP, "welcome", NOW);
    expect(welcome.ab).toMatchObject({ status: "winner", winner: "B", variants: [{ variant: "A", sent: 2, conversions: 0 }, { variant: "B", sent: 2, conversions: 2 }] });
    expect(welcome.trend).toHaveLength(8);
    expect(welcome.trend.at(-1)).toMatchObject({ sent: 2, conversions: 1, rate: 0.5 });
    expect(welcome.trend.at(-2)).toMatchObject({ sent: 2, conversions: 1 });
    expect(welcome.conversions).toBe(2);
  });

  it("says it is still collecting below the minimum sample", async () => {
    await t.db.scenarioSetting.update({ where: { shop_scenario: { shop: SHOP, scenario: "welcome" } }, data: { abTest: JSON.stringify({ subjects: { en: "B" }, minSample: 3 }) } });
    expect((await scenarioDetail(t.db, SHOP, "welcome", NOW)).ab).toMatchObject({ status: "collecting", minSample: 3 });
    expect((await scenarioDetail(t.db, SHOP, "coupon-expiry", NOW)).ab).toEqual({ status: "off" });
  });
});
