// Activating the web pixel at install, against the fake Admin API (Shopify's schema, scopes and the
// extension's TOML judge every request): created once with the store's key and the app's endpoint,
// left alone when it already says that, updated when the app moved, retried while Shopify cannot take
// it, and never twice at once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { activatePixels, PIXEL_MAX_ATTEMPTS, requestPixelActivation } from "~/.server/pixel/activate";
import { pixelSettings } from "~/.server/pixel/settings";
import { appScopes } from "~/.server/shopify/app-config";
import { createFakeAdminApi, type FakeAdminApi } from "~/.server/shopify/fake-admin";
import path from "node:path";
import { createEmailTransport } from "~/.server/channels/email/transport";
import { startDispatcher } from "~/.server/scheduler/tick";
import { createTestDb, type TestDb } from "../support/db";
import { testDispatchDeps } from "../support/dispatch-deps";

const SHOP = "roastery.myshopify.com";
const APP = "https://crm.example";
const T = new Date("2026-03-02T12:00:00Z");
const MIN = 60_000;
const at = (ms: number) => new Date(T.getTime() + ms);

let t: TestDb;
let fake: FakeAdminApi;
const deps = (over: Partial<{ admin: FakeAdminApi; appUrl: string }> = {}) => ({ db: t.db, admin: over.admin ?? fake, random: () => 0.5, appUrl: over.appUrl ?? APP });
const row = () => t.db.shopPixel.findUniqueOrThrow({ where: { shop: SHOP } });

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.shopPixel.deleteMany();
  await t.db.shop.deleteMany();
  await t.db.shop.create({ data: { domain: SHOP, name: "Roastery", installedAt: T } });
  fake = createFakeAdminApi();
});

describe("web pixel activation", () => {
  it("creates the store's pixel with its key and the app's endpoint, then leaves it alone", async () => {
    await requestPixelActivation(t.db, SHOP, T);
    const { key } = await row();
    expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await activatePixels(deps(), T)).toMatchObject({ activated: 1 });
    expect(fake.webPixel(SHOP)).toEqual({ id: "gid://shopify/WebPixel/1", settings: pixelSettings(APP, key) });
    expect(fake.webPixel(SHOP)?.settings).toEqual({ endpoint: "https://crm.example/pixel/events", pixelKey: key });
    expect(await row()).toMatchObject({ status: "active", webPixelId: "gid://shopify/WebPixel/1", endpoint: "https://crm.example/pixel/events", attempts: 0, nextCheckAt: null, activatedAt: T });

    expect(await activatePixels(deps(), at(MIN))).toEqual({ activated: 0, unchanged: 0, retried: 0, failed: 0, skipped: 0 });
    // A re-install asks again: Shopify already has the pixel with these settings, so nothing is written.
    await requestPixelActivation(t.db, SHOP, at(2 * MIN));
    expect((await row()).key).toBe(key);
    const before = fake.requests.length;
    expect(await activatePixels(deps(), at(2 * MIN))).toMatchObject({ unchanged: 1 });
    expect(fake.requests.slice(before).map((r) => r.operation)).toEqual(["CrmWebPixel"]);
  });

  it("gives the pixel the new endpoint when the app's URL changed", async () => {
    await requestPixelActivation(t.db, SHOP, T);
    await activatePixels(deps(), T);
    expect(await activatePixels(deps({ appUrl: "https://moved.example/" }), at(MIN))).toMatchObject({ activated: 1 });
    expect(fake.webPixel(SHOP)?.settings.endpoint).toBe("https://moved.example/pixel/events");
    expect(fake.webPixel(SHOP)?.id).toBe("gid://shopify/WebPixel/1");
    expect(fake.requests.map((r) => r.operation)).toEqual(["CrmWebPixel", "CrmWebPixelCreate", "CrmWebPixel", "CrmWebPixelUpdate"]);
  });

  it("retries a throttled or unreachable Shopify with backoff, then activates", async () => {
    await requestPixelActivation(t.db, SHOP, T);
    fake.throttleNext(1);
    expect(await activatePixels(deps(), T)).toMatchObject({ retried: 1 });
    const first = await row();
    expect(first).toMatchObject({ status: "requested", attempts: 1, error: expect.stringContaining("throttling") });
    expect(first.nextCheckAt!.getTime()).toBe(at(MIN).getTime());
    // Not due before its time.
    expect(await activatePixels(deps(), at(MIN / 2))).toMatchObject({ retried: 0, activated: 0 });
    fake.failNetworkNext(1);
    expect(await activatePixels(deps(), at(MIN))).toMatchObject({ retried: 1 });
    expect((await row()).nextCheckAt!.getTime()).toBe(at(3 * MIN).getTime());
    expect(await activatePixels(deps(), at(3 * MIN))).toMatchObject({ activated: 1 });
    expect(await row()).toMatchObject({ status: "active", attempts: 0, error: null });
  });

  it("keeps trying while the extension is not deployed, and gives up on settings Shopify refuses", async () => {
    const undeployed = createFakeAdminApi({ webPixelExtensionDir: t.dir });
    await requestPixelActivation(t.db, SHOP, T);
    let now = T;
    for (let i = 1; i < PIXEL_MAX_ATTEMPTS; i++) {
      expect(await activatePixels(deps({ admin: undeployed }), now)).toMatchObject({ retried: 1 });
      now = (await row()).nextCheckAt!;
    }
    expect(await activatePixels(deps({ admin: undeployed }), now)).toMatchObject({ failed: 1 });
    expect(await row()).toMatchObject({ status: "failed", attempts: PIXEL_MAX_ATTEMPTS, error: expect.stringContaining("NO_EXTENSION") });

    // A key Shopify's settings definition refuses (too short for the TOML) fails at once.
    await t.db.shopPixel.update({ where: { shop: SHOP }, data: { key: "short" } });
    await requestPixelActivation(t.db, SHOP, now);
    expect(await activatePixels(deps(), now)).toMatchObject({ failed: 1 });
    expect(await row()).toMatchObject({ status: "failed", attempts: 1, error: expect.stringContaining("INVALID_SETTINGS") });
    expect(fake.webPixel(SHOP)).toBeNull();
  });

  it("waits for a scope the merchant has not granted yet", async () => {
    const ungranted = createFakeAdminApi({ scopes: appScopes().filter((s) => s !== "read_customer_events") });
    await requestPixelActivation(t.db, SHOP, T);
    expect(await activatePixels(deps({ admin: ungranted }), T)).toMatchObject({ retried: 1 });
    expect((await row()).error).toContain("read_customer_events");
  });

  it("skips a shop that uninstalled, and a re-install asks again", async () => {
    await requestPixelActivation(t.db, SHOP, T);
    await t.db.shop.update({ where: { domain: SHOP }, data: { uninstalledAt: T } });
    expect(await activatePixels(deps(), T)).toMatchObject({ skipped: 1 });
    expect(await row()).toMatchObject({ status: "uninstalled", nextCheckAt: null });
    await t.db.shop.update({ where: { domain: SHOP }, data: { uninstalledAt: null } });
    await requestPixelActivation(t.db, SHOP, at(MIN));
    expect(await activatePixels(deps(), at(MIN))).toMatchObject({ activated: 1 });
  });

  it("is done by the jobs process's minute pass, with the app's URL", async () => {
    await requestPixelActivation(t.db, SHOP, T);
    const transport = createEmailTransport({ outboxDir: path.join(t.dir, "outbox") });
    const dispatcher = startDispatcher(testDispatchDeps(t.db, transport, { services: { admin: fake } }), { cron: "* * * * * *", now: () => T });
    try {
      for (let waited = 0; waited < 5000 && fake.webPixel(SHOP) === null; waited += 100) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await dispatcher.stop();
      transport.close();
    }
    expect(fake.webPixel(SHOP)?.settings.endpoint).toBe("https://crm.example/pixel/events");
    expect((await row()).status).toBe("active");
  });

  it("two instances at once activate it once", async () => {
    await requestPixelActivation(t.db, SHOP, T);
    const [a, b] = await Promise.all([activatePixels(deps(), T), activatePixels(deps(), T)]);
    expect(a.activated + b.activated).toBe(1);
    expect(fake.requests.filter((r) => r.operation === "CrmWebPixelCreate")).toHaveLength(1);
  });
});
