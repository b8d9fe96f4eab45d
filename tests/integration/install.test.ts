// Installing goes through Shopify's Admin API for the shop's profile, here the fake that judges each
// request by Shopify's published schema and the scopes shopify.app.toml grants. However that read
// goes (answered, throttled, refused for a missing scope, partial), the install itself never fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordInstall, refreshShopProfile } from "~/.server/install";
import { loadShopScenarios } from "~/.server/shops";
import { createFakeAdminApi, defaultShopProfile, FakeGraphqlQueryError } from "~/.server/shopify/fake-admin";
import { readShopProfile, shopProfileFrom } from "~/.server/shopify/shop-profile";
import { storefrontUrl } from "~/.server/dispatch/facts";
import { applyEvents } from "~/.server/webhooks/apply";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const SHOP = "seoul-beans.myshopify.com";
const seoul = () => ({
  ...defaultShopProfile(SHOP),
  name: "Seoul Beans",
  email: "hello@seoul.example",
  timezone: "Asia/Seoul",
  countryCode: "KR",
  primaryDomain: "https://seoulbeans.example",
  locales: [
    { locale: "en", primary: false },
    { locale: "ko", primary: true },
  ],
});
const row = (domain = SHOP) => t.db.shop.findUniqueOrThrow({ where: { domain } });

describe("install", () => {
  it("records the shop's time zone, country, language and primary domain, with every scenario off", async () => {
    const fake = createFakeAdminApi({ shopProfile: seoul });
    const read = await readShopProfile(SHOP, fake.client(SHOP));
    expect(await recordInstall(t.db, SHOP, read, new Date("2026-05-01T00:00:00Z"))).toEqual({ profile: "complete", detail: null });
    expect(await row()).toMatchObject({ timezone: "Asia/Seoul", countryCode: "KR", locale: "ko", email: "hello@seoul.example", primaryDomain: "https://seoulbeans.example", profileReadAt: new Date("2026-05-01T00:00:00Z") });
    expect((await loadShopScenarios(t.db, SHOP)).enabled("welcome")).toBe(false);
    expect(fake.requests.map((r) => [r.operation, r.refused])).toEqual([["CrmShopProfile", null]]);
  });

  it("a re-install after uninstalling resumes the shop and keeps the merchant's settings", async () => {
    await t.db.shop.update({ where: { domain: SHOP }, data: { uninstalledAt: new Date("2026-06-01T00:00:00Z"), senderName: "Seoul Beans", postalAddress: "Seoul" } });
    const read = await readShopProfile(SHOP, createFakeAdminApi({ shopProfile: seoul }).client(SHOP));
    await recordInstall(t.db, SHOP, read, new Date("2026-07-01T00:00:00Z"));
    expect(await row()).toMatchObject({ uninstalledAt: null, senderName: "Seoul Beans", postalAddress: "Seoul" });
  });

  it("a throttled profile read still installs the shop with defaults, and the profile is read again later", async () => {
    const domain = "throttled.myshopify.com";
    const fake = createFakeAdminApi({ shopProfile: seoul });
    fake.throttleNext(1);
    const outcome = await recordInstall(t.db, domain, await readShopProfile(domain, fake.client(domain)), new Date("2026-05-01T00:00:00Z"));
    expect(outcome).toMatchObject({ profile: "defaults", detail: expect.stringContaining("throttling") });
    expect(await row(domain)).toMatchObject({ name: "throttled", timezone: "UTC", locale: "en", profileReadAt: null, uninstalledAt: null });

    expect(await refreshShopProfile(t.db, domain, await readShopProfile(domain, fake.client(domain)), new Date("2026-05-01T01:00:00Z"))).toBe(true);
    expect(await row(domain)).toMatchObject({ name: "Seoul Beans", timezone: "Asia/Seoul", profileReadAt: new Date("2026-05-01T01:00:00Z") });
  });

  it("an app without read_locales is refused by Shopify's access check, and still installs", async () => {
    const domain = "no-locales.myshopify.com";
    const fake = createFakeAdminApi({ shopProfile: seoul, scopes: ["write_customers", "read_orders", "write_discounts"] });
    const read = await readShopProfile(domain, fake.client(domain));
    expect(read).toMatchObject({ ok: false, error: { kind: "access_denied", message: expect.stringContaining("read_locales") } });
    expect(fake.requests[0].refused?.[0]).toMatchObject({ extensions: { code: "ACCESS_DENIED" }, path: ["shopLocales"] });
    expect(await recordInstall(t.db, domain, read, new Date("2026-05-01T00:00:00Z"))).toMatchObject({ profile: "defaults" });
    expect(await row(domain)).toMatchObject({ profileReadAt: null });
  });

  it("a partial answer fills what it has and leaves the rest to a later read", async () => {
    const domain = "partial.myshopify.com";
    const partial = { graphql: async () => Promise.reject(new FakeGraphqlQueryError({ errors: [{ message: "Internal error" }], data: { shop: { name: "Half Shop", ianaTimezone: "Europe/Paris", shopAddress: { countryCodeV2: "FR" }, primaryDomain: null } } })) };
    const read = await readShopProfile(domain, partial);
    expect(read).toMatchObject({ ok: true, value: { name: "Half Shop", timezone: "Europe/Paris", complete: false } });
    expect(await recordInstall(t.db, domain, read, new Date("2026-05-01T00:00:00Z"))).toMatchObject({ profile: "partial" });
    expect(await row(domain)).toMatchObject({ name: "Half Shop", timezone: "Europe/Paris", countryCode: "FR", primaryDomain: null, profileReadAt: null });
  });

  it("a thin answer falls back field by field instead of failing", () => {
    expect(shopProfileFrom(SHOP, {})).toEqual({ name: "seoul-beans", email: null, timezone: "UTC", countryCode: null, locale: "en", primaryDomain: null, complete: false });
    expect(shopProfileFrom(SHOP, { shop: { name: "x", ianaTimezone: "UTC", primaryDomain: { url: "javascript:alert(1)" } }, shopLocales: [{ locale: "en", primary: true }] })).toMatchObject({ primaryDomain: null, complete: false });
  });

  it("shop/update moves email links to the merchant's new primary domain and keeps the rest", async () => {
    expect(storefrontUrl(await row())).toBe("https://seoulbeans.example");
    const shop = { name: null, email: null, timezone: null, countryCode: null, primaryDomain: "https://beans.example" };
    await t.db.$transaction((tx) => applyEvents(tx, SHOP, [{ kind: "ShopUpdated", at: new Date("2026-08-01T00:00:00Z"), shop }]));
    expect(await row()).toMatchObject({ primaryDomain: "https://beans.example", name: "Seoul Beans", timezone: "Asia/Seoul", senderName: "Seoul Beans" });
    expect(storefrontUrl(await row())).toBe("https://beans.example");
    expect(storefrontUrl({ domain: "plain.myshopify.com", primaryDomain: null })).toBe("https://plain.myshopify.com");
  });
});
