// The modal's email signup, with the demo's Admin API: Shopify gets the customer and consent, and the
// same domain events its webhooks would bring plan the welcome; the modal code gets its expiry reminder.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseEnv } from "~/env.server";
import type { FactsRequest } from "~/.server/channels/onsite/facts";
import { decideForVisitor } from "~/.server/channels/onsite/offer";
import { createRateLimiter } from "~/.server/channels/onsite/rate-limit";
import { revealCode } from "~/.server/channels/onsite/reveal";
import { signUpVisitor } from "~/.server/channels/onsite/signup";
import type { OnsiteDeps } from "~/.server/channels/onsite/types";
import { createAdminApi } from "~/.server/runtime";
import type { FakeAdminApi } from "~/.server/shopify/fake-admin";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";

const NOW = new Date();
let t: TestDb;
let admin: FakeAdminApi;
let deps: OnsiteDeps;

beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, NOW);
});
afterAll(() => t.close());
beforeEach(async () => {
  for (const table of [t.db.onsiteEvent, t.db.coupon, t.db.message, t.db.customer] as { deleteMany(): Promise<unknown> }[]) await table.deleteMany();
  admin = (await createAdminApi(parseEnv({ CRM_DEMO: "1", NODE_ENV: "test", DATABASE_URL: t.url }), t.db)) as FakeAdminApi;
  deps = { db: t.db, admin, secret: "s", random: Math.random, limiter: createRateLimiter() };
});

const v: FactsRequest = { shop: DEMO_SHOP, visitorId: "visitor-signup-1", customerShopifyId: null, consent: true, ref: null, productHandle: null, ip: "203.0.113.5" };

async function snapshot() {
  return {
    customers: await t.db.customer.count(),
    messages: await t.db.message.count(),
    events: await t.db.onsiteEvent.count(),
    shopify: admin.customers(DEMO_SHOP).length,
  };
}

describe("modal signup", () => {
  it("refuses a bad email or a missing consent with 422 and changes nothing", async () => {
    const before = await snapshot();
    expect(await signUpVisitor(deps, v, { email: "not-an-email", consent: true }, NOW)).toMatchObject({ ok: false, status: 422, field: "email" });
    expect(await signUpVisitor(deps, v, { email: "ada@example.com" }, NOW)).toMatchObject({ ok: false, status: 422, field: "consent" });
    expect(await signUpVisitor(deps, v, { email: "ada@example.com", consent: "true" }, NOW)).toMatchObject({ ok: false, status: 422, field: "consent" });
    expect(await snapshot()).toEqual(before);
    expect(admin.calls).toHaveLength(0);
  });

  it("creates the subscribed customer, plans their welcome and the modal code's expiry reminder", async () => {
    const revealed = await revealCode(deps, v, NOW);
    if (!revealed.ok) throw new Error(revealed.error);
    const signed = await signUpVisitor(deps, v, { email: " Ada@Example.com ", consent: true }, NOW);
    expect(signed.ok).toBe(true);
    if (!signed.ok) return;

    const customer = await t.db.customer.findFirstOrThrow({ where: { email: "ada@example.com" } });
    expect(customer).toMatchObject({ shopifyId: signed.customerShopifyId, emailConsent: "subscribed" });
    const messages = await t.db.message.findMany({ where: { email: "ada@example.com" }, orderBy: { runAt: "asc" } });
    expect(messages.map((m) => [m.scenario, m.status])).toEqual([
      ["welcome", "planned"],
      ["coupon-expiry", "planned"],
    ]);
    expect(messages[1].couponCode).toBe(revealed.code);
    expect(await t.db.coupon.findFirstOrThrow({ where: { code: revealed.code } })).toMatchObject({ email: "ada@example.com" });
    expect(await t.db.onsiteEvent.count({ where: { type: "signup", visitorId: v.visitorId } })).toBe(1);
    expect(await decideForVisitor(deps, v, new Date(NOW.getTime() + 86_400_000))).toEqual({ show: false, reason: "signed_up" });
  });

  it("updates a customer Shopify already has instead of creating a second one", async () => {
    await t.db.customer.create({ data: { shop: DEMO_SHOP, shopifyId: "4242", email: "known@example.com", emailConsent: "not_subscribed" } });
    const signed = await signUpVisitor(deps, v, { email: "known@example.com", consent: true }, NOW);
    expect(signed).toEqual({ ok: true, customerShopifyId: "4242" });
    expect(await t.db.customer.count()).toBe(1);
    expect(await t.db.customer.findFirstOrThrow()).toMatchObject({ emailConsent: "subscribed" });
  });

  it("answers 502 when Shopify is unreachable and records no signup", async () => {
    admin.failNetworkNext(1);
    expect(await signUpVisitor(deps, v, { email: "later@example.com", consent: true }, NOW)).toMatchObject({ ok: false, status: 502 });
    expect(await snapshot()).toMatchObject({ customers: 0, events: 0, messages: 0 });
  });
});
