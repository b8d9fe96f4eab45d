// "You may also like" on both databases: what this shop's customers bought together with the person's
// products comes first, then its recent best sellers, never something the person bought (under their
// customer id or only their address), and never another shop's orders.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BEST_SELLER_DAYS, recommendProducts } from "~/.server/dispatch/recommendations";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";

const SHOP = DEMO_SHOP;
const OTHER = "other-shop.myshopify.com";
const NOW = new Date("2026-03-02T12:00:00Z");
const DAY = 86_400_000;
let t: TestDb;
let n = 0;

/** An order of these products (by id), by a customer or only an address, `daysAgo` before NOW. */
async function order(products: string[], who: { customer?: string; email?: string } = {}, daysAgo = 5, shop = SHOP) {
  const id = `o${++n}`;
  const placedAt = new Date(NOW.getTime() - daysAgo * DAY);
  await t.db.order.create({ data: { shop, shopifyId: id, customerShopifyId: who.customer ?? null, email: who.email ?? null, placedAt } });
  await t.db.orderLine.createMany({
    data: products.map((p, position) => ({ shop, orderShopifyId: id, position, productShopifyId: p, variantShopifyId: `v${p}`, title: `Product ${p}`, priceCents: Number(p) * 100, currency: "USD", placedAt })),
  });
}

const ids = async (who: { customerShopifyId: string | null; email: string | null }, limit = 3) => (await recommendProducts(t.db, SHOP, who, NOW, limit)).map((r) => `${r.productShopifyId}:${r.source}`);

beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
  // Ada bought 1 (as a customer) and 2 (as a guest, by address).
  await order(["1"], { customer: "ada" });
  await order(["2"], { email: "ada@example.com" });
  // Others: 3 goes with 1 twice, 4 with 2 once, 1 with 2 (both Ada's already).
  await order(["1", "3"], { customer: "b" });
  await order(["1", "3", "2"], { customer: "c" });
  await order(["2", "4"], { customer: "d" });
  // Best sellers: 5 in three orders, 6 in two, 7 in four but long ago.
  for (let i = 0; i < 3; i++) await order(["5"], { customer: `e${i}` });
  for (let i = 0; i < 2; i++) await order(["6"], { customer: `f${i}` });
  for (let i = 0; i < 4; i++) await order(["7"], { customer: `g${i}` }, BEST_SELLER_DAYS + 10);
  // Another shop where 8 goes with 1 all the time.
  for (let i = 0; i < 5; i++) await order(["1", "8"], { customer: `h${i}` }, 5, OTHER);
});
afterAll(async () => t.close());

describe("recommendations", () => {
  it("puts what others bought with the person's products first, most often first, then best sellers, never what they bought", async () => {
    expect(await ids({ customerShopifyId: "ada", email: "ada@example.com" }, 4)).toEqual(["3:bought_together", "4:bought_together", "5:best_seller", "6:best_seller"]);
  });

  it("a product bought only under the person's address still counts as bought", async () => {
    const list = await ids({ customerShopifyId: "ada", email: "ADA@example.com" }, 10);
    expect(list.map((x) => x.split(":")[0])).not.toContain("2");
    expect(list.map((x) => x.split(":")[0])).not.toContain("1");
  });

  it("someone who bought nothing yet gets the recent best sellers; old favourites and other shops' orders do not count", async () => {
    const list = await ids({ customerShopifyId: null, email: "new@example.com" }, 10);
    expect(list.slice(0, 3)).toEqual(["1:best_seller", "2:best_seller", "5:best_seller"]);
    expect(list.map((x) => x.split(":")[0])).not.toContain("7");
    expect(list.map((x) => x.split(":")[0])).not.toContain("8");
  });

  it("each recommendation carries the variant, title and price of its latest sale", async () => {
    const [first] = await recommendProducts(t.db, SHOP, { customerShopifyId: "ada", email: null }, NOW, 1);
    expect(first).toEqual({ productShopifyId: "3", variantShopifyId: "v3", title: "Product 3", priceCents: 300, currency: "USD", orders: 2, source: "bought_together" });
  });

  it("hostile input is a value, never SQL", async () => {
    expect(await ids({ customerShopifyId: "' OR 1=1 --", email: "x'); DROP TABLE \"OrderLine\"; --" }, 1)).toEqual(["1:best_seller"]);
    expect(await t.db.orderLine.count()).toBeGreaterThan(0);
  });
});
