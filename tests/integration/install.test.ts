import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordInstall, shopProfileFrom } from "~/.server/install";
import { loadShopScenarios } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const SHOP = "seoul-beans.myshopify.com";
const answer = {
  data: {
    shop: { name: "Seoul Beans", email: "owner@seoul.example", contactEmail: "hello@seoul.example", ianaTimezone: "Asia/Seoul", billingAddress: { countryCodeV2: "KR" } },
    shopLocales: [{ locale: "en", primary: false }, { locale: "ko", primary: true }],
  },
};

describe("install", () => {
  it("records the shop's time zone, country and language, with every scenario off", async () => {
    await recordInstall(t.db, SHOP, shopProfileFrom(SHOP, answer), new Date("2026-05-01T00:00:00Z"));
    expect(await t.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).toMatchObject({ timezone: "Asia/Seoul", countryCode: "KR", locale: "ko", email: "hello@seoul.example" });
    expect((await loadShopScenarios(t.db, SHOP)).enabled("welcome")).toBe(false);
  });

  it("a re-install after uninstalling resumes the shop and keeps the merchant's settings", async () => {
    await t.db.shop.update({ where: { domain: SHOP }, data: { uninstalledAt: new Date("2026-06-01T00:00:00Z"), senderName: "Seoul Beans", postalAddress: "Seoul" } });
    await recordInstall(t.db, SHOP, shopProfileFrom(SHOP, answer), new Date("2026-07-01T00:00:00Z"));
    expect(await t.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).toMatchObject({ uninstalledAt: null, senderName: "Seoul Beans", postalAddress: "Seoul" });
  });

  it("falls back instead of failing when the Admin API answer is thin", () => {
    expect(shopProfileFrom(SHOP, {})).toEqual({ name: "seoul-beans", email: null, timezone: "UTC", countryCode: null, locale: "en" });
  });
});
