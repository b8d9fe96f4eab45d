// Products in real emails, through the real SMTP sink: the cart, delivery and browse emails show each
// product's picture (read once through the fake Admin API, judged by Shopify's schema and scopes) and
// link to its page on the shop's primary domain; a product without a picture is a card with no <img>;
// a products/update webhook makes the next email read the product again; a failed read still sends.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DispatchDeps } from "~/.server/dispatch/pass";
import { dispatchDue } from "~/.server/dispatch/pass";
import { installDemoShop, DEMO_SHOP } from "~/.server/shops";
import { createFakeAdminApi, type FakeAdminApi, type FakeImage } from "~/.server/shopify/fake-admin";
import { verifyTracking } from "~/.server/tracking/tokens";
import { applyEvents } from "~/.server/webhooks/apply";
import { TOPICS } from "~/.server/webhooks/topics";
import { messageKey } from "~/domain/scenarios";
import { createTestDb, type TestDb } from "../support/db";
import { startMailServer, type MailServer } from "../support/mail-server";
import { testDispatchDeps } from "../support/dispatch-deps";

const SHOP = DEMO_SHOP;
const T = new Date("2026-03-02T12:00:00Z");
const SECRET = "test-secret";
const STORE = "https://beans.example";
let t: TestDb;
let mail: MailServer;
let admin: FakeAdminApi;
let pictures: Map<string, FakeImage | null>;
let n = 0;

// Products 7 (Yirgacheffe, with a picture) and 8 (filters, none); variant 4N belongs to product N.
const HANDLES: Record<string, string> = { "7": "yirgacheffe", "8": "paper-filters", "9": "dripper" };

beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
  await t.db.shop.update({ where: { domain: SHOP }, data: { primaryDomain: STORE } });
  mail = await startMailServer();
});
afterAll(async () => {
  await mail.close();
  await t.close();
});
beforeEach(async () => {
  await t.db.variantCard.deleteMany({});
  pictures = new Map<string, FakeImage | null>([
    ["7", { url: "https://cdn.shopify.example/yirgacheffe.jpg", altText: "A bag of beans" }],
    ["8", null],
    ["9", { url: "https://cdn.shopify.example/dripper.jpg", altText: null }],
  ]);
  admin = createFakeAdminApi({
    productHandle: (_shop, id) => HANDLES[id] ?? null,
    productTitle: (_shop, id) => ({ "7": "Yirgacheffe", "8": "Paper filters", "9": "Dripper" })[id] ?? `Product ${id}`,
    productImage: (_shop, id) => pictures.get(id) ?? null,
    variant: (_shop, id) => (HANDLES[id.slice(1)] && id.startsWith("4") ? { productShopifyId: id.slice(1), title: id === "47" ? "250 g" : "Default Title", image: null } : null),
  });
});

const deps = (): DispatchDeps => testDispatchDeps(t.db, mail.transport, { services: { admin }, identity: { secret: SECRET, workerId: "w" } });

const lastHtml = () => String(mail.sink.mails.at(-1)?.html ?? "");
const images = () => [...lastHtml().matchAll(/<img\b[^>]*>/g)].map((m) => m[0]).filter((tag) => tag.includes("cdn.shopify.example") || /src=""/.test(tag));

/** The destinations of the tracked links in the last email. */
function destinations(): string[] {
  return [...lastHtml().matchAll(/\/t\/c\/([A-Za-z0-9_.-]+)/g)].flatMap((m) => {
    const v = verifyTracking(m[1], SECRET, "click");
    return v.ok && v.claim.kind === "click" ? [v.claim.url] : [];
  });
}

const cardReads = () => admin.requests.filter((r) => r.operation === "CrmVariantCards");

async function person() {
  const i = ++n;
  const email = `p${i}@example.com`;
  await t.db.customer.create({ data: { shop: SHOP, shopifyId: `pc${i}`, email, emailConsent: "subscribed", ordersCount: 1 } });
  return { i, email, customerShopifyId: `pc${i}` };
}

async function abandonedCart() {
  const p = await person();
  const items = [
    { title: "Yirgacheffe", variantTitle: "250 g", quantity: 1, priceCents: 1600, productShopifyId: "7", variantShopifyId: "47" },
    { title: "Paper filters", variantTitle: null, quantity: 2, priceCents: 450, productShopifyId: "8", variantShopifyId: "48" },
  ];
  await t.db.checkout.create({
    data: { shop: SHOP, token: `tok${p.i}`, email: p.email, customerShopifyId: p.customerShopifyId, recoveryUrl: `${STORE}/checkouts/c/tok${p.i}`, acceptsMarketing: true, lineItems: JSON.stringify(items), totalPriceCents: 2500, currency: "USD", startedAt: new Date(T.getTime() - 3 * 3600_000) },
  });
  return t.db.message.create({
    data: { key: messageKey(SHOP, "cart-recovery", `checkout:tok${p.i}`, 0), shop: SHOP, scenario: "cart-recovery", step: 0, about: `checkout:tok${p.i}`, customerShopifyId: p.customerShopifyId, email: p.email, checkoutToken: `tok${p.i}`, triggeredAt: new Date(T.getTime() - 3 * 3600_000), runAt: T, status: "planned" },
  });
}

async function deliveredOrder() {
  const p = await person();
  const order = `po${p.i}`;
  await t.db.order.create({ data: { shop: SHOP, shopifyId: order, name: `#20${p.i}`, customerShopifyId: p.customerShopifyId, email: p.email, currency: "USD", placedAt: new Date("2026-02-20T10:00:00Z"), deliveredAt: new Date("2026-02-27T10:00:00Z"), productShopifyId: "7" } });
  await t.db.orderLine.createMany({
    data: [
      { shop: SHOP, orderShopifyId: order, position: 0, productShopifyId: "7", variantShopifyId: "47", title: "Yirgacheffe", variantTitle: "250 g", quantity: 1, priceCents: 1600, currency: "USD", placedAt: new Date("2026-02-20T10:00:00Z") },
      { shop: SHOP, orderShopifyId: order, position: 1, productShopifyId: "8", variantShopifyId: "48", title: "Paper filters", variantTitle: null, quantity: 1, priceCents: 450, currency: "USD", placedAt: new Date("2026-02-20T10:00:00Z") },
    ],
  });
  return t.db.message.create({
    data: { key: messageKey(SHOP, "post-delivery", `order:${order}`, 0), shop: SHOP, scenario: "post-delivery", step: 0, about: `order:${order}`, customerShopifyId: p.customerShopifyId, email: p.email, orderShopifyId: order, triggeredAt: new Date("2026-02-27T10:00:00Z"), runAt: T, status: "planned" },
  });
}

async function sentOne() {
  const { outcomes } = await dispatchDue(deps(), T);
  expect(outcomes.map((o) => o.status)).toEqual(["sent"]);
}

describe("products in the emails", () => {
  it("the cart reminder shows each item's picture and links to its page on the primary domain; one without a picture has no <img>", async () => {
    await abandonedCart();
    await sentOne();
    expect(images()).toEqual([expect.stringMatching(/src="https:\/\/cdn\.shopify\.example\/yirgacheffe\.jpg"/)]);
    expect(images()[0]).toContain('width="96"');
    expect(images()[0]).toContain('alt="A bag of beans"');
    expect(lastHtml()).toContain("Paper filters");
    expect(destinations()).toEqual(expect.arrayContaining([`${STORE}/products/yirgacheffe?variant=47`, `${STORE}/products/paper-filters?variant=48`]));
    expect(cardReads()).toHaveLength(1);
    expect(cardReads()[0]).toMatchObject({ refused: null, variables: { ids: ["gid://shopify/ProductVariant/47", "gid://shopify/ProductVariant/48"] } });
  });

  it("the delivery email shows the products bought, each with its own review button, and what others bought with them", async () => {
    // Someone else bought the Yirgacheffe with a dripper: recommended. The filters were bought by this person: never.
    await t.db.orderLine.createMany({
      data: [
        { shop: SHOP, orderShopifyId: "other-1", position: 0, productShopifyId: "7", variantShopifyId: "47", title: "Yirgacheffe", quantity: 1, priceCents: 1600, currency: "USD", placedAt: new Date("2026-02-10T10:00:00Z") },
        { shop: SHOP, orderShopifyId: "other-1", position: 1, productShopifyId: "9", variantShopifyId: "49", title: "Dripper", quantity: 1, priceCents: 2800, currency: "USD", placedAt: new Date("2026-02-10T10:00:00Z") },
      ],
    });
    await deliveredOrder();
    await sentOne();
    const links = destinations();
    expect(links).toEqual(expect.arrayContaining([`${STORE}/products/yirgacheffe#reviews`, `${STORE}/products/paper-filters#reviews`, `${STORE}/products/yirgacheffe?variant=47`, `${STORE}/products/dripper`]));
    expect(lastHtml().match(/Write a review/g)).toHaveLength(2);
    expect(lastHtml()).toContain("You may also like");
    expect(lastHtml()).toContain("$28.00");
    expect(images()).toHaveLength(2); // the Yirgacheffe and the recommended dripper; the filters have none
    expect(lastHtml()).not.toMatch(/<img\b[^>]*src=""/);
    await t.db.orderLine.deleteMany({ where: { orderShopifyId: "other-1" } });
  });

  it("the browse reminder shows the product's picture and price, linked on the primary domain", async () => {
    const p = await person();
    await t.db.message.create({
      data: { key: messageKey(SHOP, "browse-abandonment", `product:${p.customerShopifyId}:7`, 0), shop: SHOP, scenario: "browse-abandonment", step: 0, about: `product:${p.customerShopifyId}:7`, customerShopifyId: p.customerShopifyId, email: p.email, productShopifyId: "7", triggeredAt: new Date(T.getTime() - 4 * 3600_000), runAt: T, status: "planned" },
    });
    await sentOne();
    expect(images()).toEqual([expect.stringContaining('src="https://cdn.shopify.example/yirgacheffe.jpg"')]);
    expect(lastHtml()).toContain("$25.00");
    expect(destinations()).toContain(`${STORE}/products/yirgacheffe`);
  });

  it("reads a variant once, and again after products/update says the product changed", async () => {
    await abandonedCart();
    await sentOne();
    await abandonedCart();
    await sentOne();
    expect(cardReads()).toHaveLength(1);

    pictures.set("7", { url: "https://cdn.shopify.example/yirgacheffe-new.jpg", altText: null });
    // A late update from before the card was read changes nothing; the new one forgets the product's cards.
    const update = async (updatedAt: string) => {
      const mapped = TOPICS["products/update"].map({ id: 7, title: "Yirgacheffe", updated_at: updatedAt }, { triggeredAt: null, receivedAt: T });
      if (!mapped.ok) throw new Error(mapped.reason);
      await t.db.$transaction((tx) => applyEvents(tx, SHOP, mapped.events));
    };
    await update("2025-12-31T00:00:00Z");
    expect(await t.db.variantCard.count({ where: { shop: SHOP, productShopifyId: "7" } })).toBe(1);
    await update("2026-03-02T11:00:00Z");
    expect(await t.db.variantCard.count({ where: { shop: SHOP, productShopifyId: "7" } })).toBe(0);
    expect(await t.db.variantCard.count({ where: { shop: SHOP, productShopifyId: "8" } })).toBe(1);

    await abandonedCart();
    await sentOne();
    expect(cardReads()).toHaveLength(2);
    expect(cardReads()[1].variables).toEqual({ ids: ["gid://shopify/ProductVariant/47"] });
    expect(images()).toEqual([expect.stringContaining("yirgacheffe-new.jpg")]);
  });

  it("sends without pictures when Shopify cannot be read, and reads them next time", async () => {
    await abandonedCart();
    admin.throttleNext(1);
    await sentOne();
    expect(images()).toEqual([]);
    expect(lastHtml()).toContain("Yirgacheffe");
    expect(destinations()).toContain(STORE);
    expect(await t.db.variantCard.count()).toBe(0);
  });
});
