import { describe, expect, it } from "vitest";
import { inHoldout, visitorHoldoutBucket, visitorInHoldout } from "~/domain/attribution";
import { holdsOut } from "~/domain/onsite";

const SHOP = "s.myshopify.com";
const visitors = Array.from({ length: 4000 }, (_, i) => ({ visitorId: `visitor-${i.toString(36)}-x`, customerShopifyId: null }));

describe("the modal's holdout group", () => {
  it("holds out about the share asked, the same visitors on every request", () => {
    const held = visitors.filter((v) => visitorInHoldout(SHOP, "exit-intent", v, 10));
    expect(held.length).toBeGreaterThan(320);
    expect(held.length).toBeLessThan(480);
    expect(visitors.filter((v) => visitorInHoldout(SHOP, "exit-intent", v, 10))).toEqual(held);
    expect(visitors.every((v) => visitorInHoldout(SHOP, "exit-intent", v, 100))).toBe(true);
    expect(visitors.some((v) => visitorInHoldout(SHOP, "exit-intent", v, 0))).toBe(false);
  });

  it("puts a logged-in customer in one group whichever device they come from, the group an email of the same scenario would use", () => {
    const phone = { visitorId: "phone-visitor-1", customerShopifyId: "501" };
    const laptop = { visitorId: "laptop-visitor-9", customerShopifyId: "501" };
    expect(visitorHoldoutBucket(SHOP, "exit-intent", phone)).toBe(visitorHoldoutBucket(SHOP, "exit-intent", laptop));
    for (const percent of [5, 30, 70]) {
      expect(visitorInHoldout(SHOP, "exit-intent", phone, percent)).toBe(inHoldout(SHOP, "exit-intent", { customerShopifyId: "501", email: null }, percent));
    }
  });

  it("draws each shop's holdout on its own", () => {
    const here = visitors.map((v) => visitorInHoldout(SHOP, "exit-intent", v, 50));
    const there = visitors.map((v) => visitorInHoldout("other.myshopify.com", "exit-intent", v, 50));
    expect(here).not.toEqual(there);
  });

  it("never moves a visitor who has seen the modal, or holds its code, into the holdout", () => {
    const visitor = visitors[0];
    const none = { lastImpressionAt: null, modalCode: null };
    expect(holdsOut(none, SHOP, visitor, 100)).toBe(true);
    expect(holdsOut({ ...none, lastImpressionAt: new Date("2026-05-01T10:00:00Z") }, SHOP, visitor, 100)).toBe(false);
    expect(holdsOut({ ...none, modalCode: { usedAt: null, endsAt: new Date("2026-05-08T10:00:00Z"), active: true } }, SHOP, visitor, 100)).toBe(false);
    expect(holdsOut(none, SHOP, visitor, 0)).toBe(false);
  });
});
