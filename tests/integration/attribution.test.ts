import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OrderFacts } from "~/domain/types";
import { scenarioDetail } from "~/.server/measurement/report";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { applyEvents } from "~/.server/webhooks/apply";
import { createTestDb, type TestDb } from "../support/db";

const SHOP = DEMO_SHOP;
const DAY = 86_400_000;
const T = new Date("2026-03-10T12:00:00Z");
const at = (days: number) => new Date(T.getTime() + days * DAY);

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, at(-60));
});
afterAll(() => t.close());
beforeEach(async () => {
  for (const table of ["messageEvent", "message", "coupon", "customer", "order"] as const) {
    await (t.db[table] as { deleteMany(): Promise<unknown> }).deleteMany();
  }
});

let seq = 0;
async function message(scenario: string, over: { email?: string; sentAt?: Date; clickedAt?: Date | null; holdout?: boolean; test?: boolean; key?: string }) {
  const id = `m${++seq}`;
  return t.db.message.create({
    data: {
      id,
      key: over.key ?? `${SHOP}:${scenario}:customer:${id}:0`,
      shop: SHOP,
      scenario,
      step: 0,
      about: `customer:${id}`,
      email: over.email ?? "ada@example.com",
      triggeredAt: at(-30),
      runAt: over.sentAt ?? at(-3),
      status: over.holdout ? "skipped" : "sent",
      reason: over.holdout ? "holdout" : null,
      holdout: over.holdout ?? false,
      test: over.test ?? false,
      sentAt: over.sentAt ?? at(-3),
      lastClickedAt: over.clickedAt ?? null,
    },
  });
}

function orderFacts(id: string, over: Partial<OrderFacts> = {}): OrderFacts {
  return {
    shopifyId: id,
    name: `#${id}`,
    checkoutToken: null,
    customer: null,
    email: "ada@example.com",
    acceptsMarketing: true,
    discountCodes: [],
    productShopifyId: null,
    total: { cents: 4200, currency: "USD" },
    financialStatus: "paid",
    placedAt: T,
    updatedAt: T,
    cancelledAt: null,
    ...over,
  };
}

const place = (order: OrderFacts) => t.db.$transaction((tx) => applyEvents(tx, SHOP, [{ kind: "OrderPlaced", at: order.placedAt, order }]));
const conversions = () => t.db.messageEvent.findMany({ where: { type: "conversion" } });

describe("attributing orders", () => {
  it("credits an order that used a welcome code to the welcome message that issued it", async () => {
    const welcome = await message("welcome", { sentAt: at(-10) });
    await t.db.coupon.create({
      data: { shop: SHOP, code: "WELCOME-AB12", scenario: "welcome", issueKey: welcome.key, email: "ada@example.com", percentOff: 10, startsAt: at(-10), endsAt: at(4), status: "active" },
    });
    await place(orderFacts("1001", { discountCodes: ["WELCOME-AB12"] }));
    expect(await conversions()).toMatchObject([{ messageId: welcome.id, scenario: "welcome", via: "code", orderId: "1001", revenueCents: 4200, currency: "USD" }]);
  });

  it("credits a click 2 days before the order, and nothing for a click 6 days before (window 5)", async () => {
    const clicked = await message("cart-recovery", { sentAt: at(-3), clickedAt: at(-2) });
    await place(orderFacts("1002"));
    expect(await conversions()).toMatchObject([{ messageId: clicked.id, via: "click" }]);

    await t.db.messageEvent.deleteMany();
    await message("post-delivery", { email: "bob@example.com", sentAt: at(-7), clickedAt: at(-6) });
    await place(orderFacts("1003", { email: "bob@example.com" }));
    expect(await conversions()).toEqual([]);
  });

  it("lets the later of two clicks win", async () => {
    await message("welcome", { sentAt: at(-4), clickedAt: at(-3) });
    const later = await message("cart-recovery", { sentAt: at(-2), clickedAt: at(-1) });
    await place(orderFacts("1004"));
    expect(await conversions()).toMatchObject([{ messageId: later.id, via: "click" }]);
  });

  it("credits a holdout member's order to the holdout group, never to revenue", async () => {
    const held = await message("welcome", { sentAt: at(-2), holdout: true });
    await place(orderFacts("1005"));
    expect(await conversions()).toMatchObject([{ messageId: held.id, via: "holdout" }]);
    const detail = await scenarioDetail(t.db, SHOP, "welcome", at(1));
    expect(detail.revenueCents).toBe(0);
    expect(detail.conversions).toBe(0);
    expect(detail.kpi).toMatchObject({ holdoutSize: 1, holdoutRate: 1, denominator: 0 });
  });

  it("ignores clicks on a test message", async () => {
    await message("welcome", { sentAt: at(-2), clickedAt: at(-1), test: true });
    await place(orderFacts("1006"));
    expect(await conversions()).toEqual([]);
  });

  it("records one conversion when the order webhook comes twice", async () => {
    await message("cart-recovery", { sentAt: at(-3), clickedAt: at(-2) });
    await place(orderFacts("1007"));
    await place(orderFacts("1007", { updatedAt: at(0.01) }));
    expect(await conversions()).toHaveLength(1);
  });
});
