import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateCouponCode } from "~/domain/coupons";
import { issueCoupon, type IssueRequest } from "~/.server/coupons/issue";
import { createFakeAdminApi, type FakeAdminApi } from "~/.server/shopify/fake-admin";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";

const NOW = new Date("2026-03-02T12:00:00Z");
const DAY = 86_400_000;

/** A repeatable stream of [0, 1) values, so the codes a test expects can be computed ahead. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

let t: TestDb;
let admin: FakeAdminApi;

beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, NOW);
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.coupon.deleteMany();
  await t.db.message.deleteMany();
  admin = createFakeAdminApi();
});

function request(over: Partial<IssueRequest> = {}): IssueRequest {
  return {
    shop: DEMO_SHOP,
    scenario: "welcome",
    issueKey: `${DEMO_SHOP}:welcome:customer:42:0`,
    email: "Ada@Example.com",
    customerShopifyId: "42",
    terms: { percentOff: 10, amountOffCents: null, minimumSubtotalCents: null },
    daysValid: 14,
    now: NOW,
    prefix: "WELCOME",
    ...over,
  };
}

describe("issuing a first-order code", () => {
  it("creates an active code for the customer and plans its expiry reminder", async () => {
    const result = await issueCoupon({ db: t.db, admin, random: seeded(1) }, request());
    if (!result.ok) throw new Error(result.error);
    expect(result.coupon).toMatchObject({ status: "active", percentOff: 10, email: "ada@example.com", customerShopifyId: "42", startsAt: NOW });
    // The end of the 14th day after issue, shop time (UTC for the demo shop).
    expect(result.coupon.endsAt).toEqual(new Date("2026-03-16T23:59:59Z"));
    expect(result.coupon.code).toMatch(/^WELCOME-[A-Z0-9]{8}$/);
    expect(result.coupon.discountId).toBe(admin.discounts(DEMO_SHOP)[0].id);
    expect(admin.discounts(DEMO_SHOP)[0]).toMatchObject({ code: result.coupon.code, customerShopifyId: "42", percentOff: 10 });

    const reminder = await t.db.message.findFirstOrThrow({ where: { scenario: "coupon-expiry" } });
    expect(reminder).toMatchObject({ couponCode: result.coupon.code, email: "ada@example.com", status: "planned" });
    // One day before the end, at 10:00 in the shop's zone (UTC for the demo shop).
    expect(reminder.runAt).toEqual(new Date("2026-03-15T10:00:00Z"));
  });

  it("returns the same code when asked again for the same message, without a second discount", async () => {
    const deps = { db: t.db, admin, random: seeded(2) };
    const first = await issueCoupon(deps, request());
    const again = await issueCoupon(deps, request({ now: new Date(NOW.getTime() + 60_000) }));
    expect(first.ok && again.ok && again.coupon.code === first.coupon.code).toBe(true);
    expect(admin.codes(DEMO_SHOP)).toHaveLength(1);
    expect(await t.db.message.count({ where: { scenario: "coupon-expiry" } })).toBe(1);
  });

  it("tries a new code when Shopify says the code is taken", async () => {
    const expectedFirst = generateCouponCode("WELCOME", seeded(3));
    await admin.createDiscountCode(DEMO_SHOP, { title: "someone else's", code: expectedFirst.toLowerCase(), percentOff: 20, startsAt: NOW, endsAt: new Date(NOW.getTime() + DAY * 2), customerShopifyId: null });

    const result = await issueCoupon({ db: t.db, admin, random: seeded(3) }, request());
    if (!result.ok) throw new Error(result.error);
    expect(result.coupon.code).not.toBe(expectedFirst);
    expect(result.coupon.status).toBe("active");
    const tried = admin.calls.flatMap((c) => (c.op === "createDiscountCode" ? [c.input.code] : []));
    expect(tried).toEqual([expectedFirst.toLowerCase(), expectedFirst, result.coupon.code]);
  });

  it("gives up after three taken codes and records the coupon as failed", async () => {
    const ahead = seeded(8);
    const taken = [1, 2, 3].map(() => generateCouponCode("WELCOME", ahead));
    for (const code of taken) {
      await admin.createDiscountCode(DEMO_SHOP, { title: "x", code, percentOff: 5, startsAt: NOW, endsAt: new Date(NOW.getTime() + DAY * 2), customerShopifyId: null });
    }
    const result = await issueCoupon({ db: t.db, admin, random: seeded(8) }, request());
    expect(result).toMatchObject({ ok: false, transient: false, error: expect.stringContaining("TAKEN") });
    const tried = admin.calls.slice(3).map((c) => (c.op === "createDiscountCode" ? c.input.code : null));
    expect(tried).toEqual(taken);
    expect(await t.db.coupon.findFirstOrThrow()).toMatchObject({ status: "failed", discountId: null });
    expect(await t.db.message.count({ where: { scenario: "coupon-expiry" } })).toBe(0);
  });

  it("keeps the pending code when Shopify throttles, and issues that same code on the retry", async () => {
    admin.throttleNext(1);
    const deps = { db: t.db, admin, random: seeded(4) };
    const first = await issueCoupon(deps, request());
    expect(first).toMatchObject({ ok: false, transient: true });
    const pending = await t.db.coupon.findFirstOrThrow();
    expect(pending.status).toBe("pending");

    const retry = await issueCoupon(deps, request({ now: new Date(NOW.getTime() + 5 * 60_000) }));
    if (!retry.ok) throw new Error(retry.error);
    expect(retry.coupon.code).toBe(pending.code);
    expect(admin.codes(DEMO_SHOP)).toEqual([pending.code]);
    expect(await t.db.coupon.count()).toBe(1);
  });

  it("reports a network failure as transient", async () => {
    admin.failNetworkNext(1);
    const result = await issueCoupon({ db: t.db, admin, random: seeded(5) }, request());
    expect(result).toMatchObject({ ok: false, transient: true });
    expect((await t.db.coupon.findFirstOrThrow()).status).toBe("pending");
  });

  it("refuses an impossible validity window before calling Shopify", async () => {
    for (const daysValid of [0, -3, 400]) {
      const result = await issueCoupon({ db: t.db, admin, random: seeded(6) }, request({ daysValid }));
      expect(result).toMatchObject({ ok: false, transient: false });
    }
    expect(admin.calls).toEqual([]);
    expect(await t.db.coupon.count()).toBe(0);
  });

  it("records a code Shopify refuses for good as failed and does not ask again", async () => {
    const deps = { db: t.db, admin, random: seeded(7) };
    const result = await issueCoupon(deps, request({ terms: { percentOff: 150, amountOffCents: null, minimumSubtotalCents: null } }));
    expect(result).toMatchObject({ ok: false, transient: false });
    expect((await t.db.coupon.findFirstOrThrow()).status).toBe("failed");
    const again = await issueCoupon(deps, request({ terms: { percentOff: 150, amountOffCents: null, minimumSubtotalCents: null } }));
    expect(again).toMatchObject({ ok: false, transient: false });
    expect(admin.calls).toHaveLength(1);
  });
});
