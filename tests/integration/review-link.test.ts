// The post-delivery email asks for a review on the ordered product's page, at the shop's own domain:
// the product's handle comes from the Admin API (judged by Shopify's schema and scopes in the fake),
// the address from the shop's pattern. Never a placeholder.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DispatchDeps } from "~/.server/dispatch/pass";
import { dispatchDue } from "~/.server/dispatch/pass";
import { installDemoShop, DEMO_SHOP } from "~/.server/shops";
import { createFakeAdminApi, type FakeAdminApi } from "~/.server/shopify/fake-admin";
import { verifyTracking } from "~/.server/tracking/tokens";
import { messageKey } from "~/domain/scenarios";
import { checkReviewUrlPattern, fillReviewUrl } from "~/domain/review-link";
import { createTestDb, type TestDb } from "../support/db";
import { startMailServer, type MailServer } from "../support/mail-server";
import { testDispatchDeps } from "../support/dispatch-deps";

const SHOP = DEMO_SHOP;
const T = new Date("2026-03-02T12:00:00Z");
const SECRET = "test-secret";
let t: TestDb;
let mail: MailServer;
let admin: FakeAdminApi;
let n = 0;

beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
  await t.db.shop.update({ where: { domain: SHOP }, data: { primaryDomain: "https://beans.example" } });
  mail = await startMailServer();
});
afterAll(async () => {
  await mail.close();
  await t.close();
});
beforeEach(() => {
  admin = createFakeAdminApi({ productHandle: (_shop, id) => (id === "77" ? "yirgacheffe" : null) });
});

const deps = (): DispatchDeps => testDispatchDeps(t.db, mail.transport, { services: { admin }, identity: { secret: SECRET, workerId: "w" } });

/** A delivered order three days ago, with its due review request. */
async function delivered(productShopifyId: string | null) {
  const i = ++n;
  const email = `r${i}@example.com`;
  await t.db.customer.create({ data: { shop: SHOP, shopifyId: `rc${i}`, email, emailConsent: "subscribed", ordersCount: 1 } });
  await t.db.order.create({ data: { shop: SHOP, shopifyId: `ro${i}`, name: `#10${i}`, customerShopifyId: `rc${i}`, email, placedAt: new Date("2026-02-20T10:00:00Z"), deliveredAt: new Date("2026-02-27T10:00:00Z"), productShopifyId } });
  return t.db.message.create({
    data: { key: messageKey(SHOP, "post-delivery", `order:ro${i}`, 0), shop: SHOP, scenario: "post-delivery", step: 0, about: `order:ro${i}`, customerShopifyId: `rc${i}`, email, orderShopifyId: `ro${i}`, triggeredAt: new Date("2026-02-27T10:00:00Z"), runAt: T, status: "planned" },
  });
}

/** The destinations of the tracked links in the last email. */
function destinations(): string[] {
  const html = String(mail.sink.mails.at(-1)?.html ?? "");
  return [...html.matchAll(/\/t\/c\/([A-Za-z0-9_.-]+)/g)].flatMap((m) => {
    const v = verifyTracking(m[1], SECRET, "click");
    return v.ok && v.claim.kind === "click" ? [v.claim.url] : [];
  });
}

describe("the review link", () => {
  it("points at the ordered product's reviews on the shop's primary domain", async () => {
    await delivered("77");
    const { outcomes } = await dispatchDue(deps(), T);
    expect(outcomes.map((o) => o.status)).toEqual(["sent"]);
    expect(destinations().map((u) => u.split("?")[0].replace(/#.*$/, ""))).toContain("https://beans.example/products/yirgacheffe");
    expect(destinations().some((u) => u.endsWith("#reviews"))).toBe(true);
    expect(admin.requests.find((r) => r.operation === "CrmProductHandle")).toMatchObject({ refused: null, variables: { id: "gid://shopify/Product/77" } });
  });

  it("follows the merchant's pattern, e.g. a reviews app's page", async () => {
    await t.db.shop.update({ where: { domain: SHOP }, data: { reviewUrlPattern: "{shop_url}/pages/reviews?product={product_handle}" } });
    try {
      await delivered("77");
      await dispatchDue(deps(), T);
      expect(destinations().some((u) => u.startsWith("https://beans.example/pages/reviews?product=yirgacheffe"))).toBe(true);
    } finally {
      await t.db.shop.update({ where: { domain: SHOP }, data: { reviewUrlPattern: "{shop_url}/products/{product_handle}#reviews" } });
    }
  });

  it("a deleted product or an order without one links to the customer's orders instead", async () => {
    await delivered("404");
    await dispatchDue(deps(), T);
    expect(destinations().some((u) => u.startsWith("https://beans.example/account/orders"))).toBe(true);
  });

  it("waits and retries while Shopify cannot say the product's handle", async () => {
    const m = await delivered("77");
    admin.throttleNext(1);
    const { outcomes } = await dispatchDue(deps(), T);
    expect(outcomes).toEqual([expect.objectContaining({ status: "deferred", reason: expect.stringContaining("product page for the review link") })]);
    expect((await t.db.message.findUniqueOrThrow({ where: { id: m.id } })).status).toBe("deferred");
  });
});

describe("review link patterns", () => {
  it("fills and checks the merchant's pattern", () => {
    expect(fillReviewUrl("{shop_url}/products/{product_handle}#reviews", "https://beans.example/", "café latte")).toBe("https://beans.example/products/caf%C3%A9%20latte#reviews");
    expect(checkReviewUrlPattern("{shop_url}/products/{product_handle}#reviews")).toEqual({ ok: true });
    expect(checkReviewUrlPattern("{shop_url}/p/{handle}")).toMatchObject({ ok: false, error: expect.stringContaining("{handle}") });
    expect(checkReviewUrlPattern("javascript:alert({product_handle})")).toMatchObject({ ok: false });
  });
});
