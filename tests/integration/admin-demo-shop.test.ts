import { afterEach, describe, expect, it } from "vitest";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { SCENARIO_KEYS } from "~/domain/scenarios";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
afterEach(async () => t?.close());

describe("demo shop across restarts", () => {
  it("keeps the merchant's switches, language and sender when the server starts again", async () => {
    t = await createTestDb();
    await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
    await t.db.scenarioSetting.update({ where: { shop_scenario: { shop: DEMO_SHOP, scenario: "welcome" } }, data: { enabled: false } });
    await t.db.shop.update({ where: { domain: DEMO_SHOP }, data: { locale: "ko", senderName: "하루커피" } });

    await installDemoShop(t.db, new Date("2026-01-02T00:00:00Z"));

    const shop = await t.db.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
    expect([shop.locale, shop.senderName]).toEqual(["ko", "하루커피"]);
    expect(shop.onboardedAt).not.toBeNull();
    const welcome = await t.db.scenarioSetting.findUniqueOrThrow({ where: { shop_scenario: { shop: DEMO_SHOP, scenario: "welcome" } } });
    expect(welcome.enabled).toBe(false);
    expect(await t.db.scenarioSetting.count({ where: { shop: DEMO_SHOP, enabled: true } })).toBe(SCENARIO_KEYS.length - 1);
  });
});
