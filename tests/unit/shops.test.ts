import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP, installDemoShop, koreanAdRulesApply, loadShopScenarios, shopPolicy } from "~/.server/shops";
import { SCENARIO_KEYS } from "~/domain/scenarios";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

describe("demo shop", () => {
  it("installs with every scenario on and a sender, idempotently", async () => {
    const now = new Date("2026-11-23T09:00:00Z");
    await installDemoShop(t.db, now);
    await installDemoShop(t.db, now);
    const shop = await t.db.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
    const scenarios = await loadShopScenarios(t.db, DEMO_SHOP);
    expect(scenarios.enabled("welcome")).toBe(true);
    expect(scenarios.settings("cart-recovery").delaysMinutes).toEqual([60, 1440]);
    expect(shopPolicy(shop).priority[0]).toBe("cart-recovery");
    expect(await t.db.scenarioSetting.count()).toBe(SCENARIO_KEYS.length);
  });
});

describe("Korean advertising rules", () => {
  it("apply to shops in Korea and to shops that turn them on, nowhere else", () => {
    expect(koreanAdRulesApply({ koreanAdRules: false, countryCode: "KR" })).toBe(true);
    expect(koreanAdRulesApply({ koreanAdRules: true, countryCode: "US" })).toBe(true);
    expect(koreanAdRulesApply({ koreanAdRules: false, countryCode: "US" })).toBe(false);
    expect(koreanAdRulesApply({ koreanAdRules: false, countryCode: null })).toBe(false);
  });
  it("apply to every Korean-language message, whatever the shop's country", () => {
    expect(koreanAdRulesApply({ koreanAdRules: false, countryCode: "US" }, "ko-KR")).toBe(true);
    expect(koreanAdRulesApply({ koreanAdRules: false, countryCode: null }, "ko")).toBe(true);
    expect(koreanAdRulesApply({ koreanAdRules: false, countryCode: "US" }, "en")).toBe(false);
    expect(koreanAdRulesApply({ koreanAdRules: false, countryCode: "KR" }, "en")).toBe(true);
  });
});
