import { describe, expect, it } from "vitest";
import { decideOffer, productFromHandle, type OnsiteFacts } from "~/domain/onsite";
import { SCENARIOS } from "~/domain/scenarios";

const now = new Date("2026-05-10T12:00:00Z");
const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000);
const daysAgo = (n: number) => minutesAgo(n * 24 * 60);

const facts = (over: Partial<OnsiteFacts> = {}): OnsiteFacts => ({
  shopInstalled: true,
  scenarioEnabled: true,
  settings: SCENARIOS["exit-intent"].defaults,
  lastImpressionAt: null,
  lastDismissAt: null,
  signedUp: false,
  modalCode: null,
  emailCode: null,
  customer: null,
  product: productFromHandle("house-blend"),
  ...over,
});

const reasonOf = (f: OnsiteFacts, purpose: "offer" | "reveal" = "offer") => {
  const verdict = decideOffer(f, now, purpose);
  return verdict.show ? verdict.offer.kind : verdict.reason;
};

describe("exit-intent decision", () => {
  it("offers a first-time visitor the first-order code with the merchant's numbers", () => {
    const verdict = decideOffer(facts({ settings: { ...SCENARIOS["exit-intent"].defaults, percentOff: 15, couponDaysValid: 3 } }), now);
    expect(verdict).toEqual({ show: true, offer: { id: "first-order", kind: "first-order", percentOff: 15, daysValid: 3, signup: true } });
  });

  it("shows nothing when the shop left or the merchant switched the scenario off", () => {
    expect(reasonOf(facts({ shopInstalled: false }))).toBe("shop_uninstalled");
    expect(reasonOf(facts({ scenarioEnabled: false }))).toBe("scenario_off");
  });

  it("shows once per session, and again once the session is over", () => {
    expect(reasonOf(facts({ lastImpressionAt: minutesAgo(29) }))).toBe("already_shown");
    expect(reasonOf(facts({ lastImpressionAt: minutesAgo(31) }))).toBe("first-order");
  });

  it("stays away for the dismissal period (7 days by default)", () => {
    expect(reasonOf(facts({ lastDismissAt: daysAgo(6.9) }))).toBe("dismissed_recently");
    expect(reasonOf(facts({ lastDismissAt: daysAgo(7.1) }))).toBe("first-order");
    expect(reasonOf(facts({ lastDismissAt: daysAgo(2), settings: { ...SCENARIOS["exit-intent"].defaults, dismissDays: 1 } }))).toBe("first-order");
  });

  it("never again after a signup or a used modal code", () => {
    expect(reasonOf(facts({ signedUp: true }))).toBe("signed_up");
    expect(reasonOf(facts({ modalCode: { usedAt: daysAgo(1), endsAt: daysAgo(-5), active: true } }))).toBe("code_used");
  });

  it("does not offer a second code to someone who came from our email and still holds its code", () => {
    const unused = { usedAt: null, endsAt: daysAgo(-3), active: true };
    expect(reasonOf(facts({ emailCode: unused }))).toBe("holds_unused_code");
    expect(reasonOf(facts({ emailCode: { ...unused, usedAt: daysAgo(1) } }))).toBe("first-order");
    expect(reasonOf(facts({ emailCode: { ...unused, endsAt: minutesAgo(1) } }))).toBe("first-order");
  });

  it("gives a repeat customer a reminder of the product, or nothing, as the merchant chose", () => {
    const repeat = { shopifyId: "42", ordersCount: 2 };
    expect(decideOffer(facts({ customer: repeat }), now)).toEqual({
      show: true,
      offer: { id: "reminder", kind: "reminder", product: { title: "House Blend", url: "/products/house-blend" }, signup: false },
    });
    expect(reasonOf(facts({ customer: repeat, product: null }))).toBe("repeat_customer");
    expect(reasonOf(facts({ customer: repeat, settings: { ...SCENARIOS["exit-intent"].defaults, repeatCustomerOffer: "none" } }))).toBe("repeat_customer");
    expect(reasonOf(facts({ customer: { shopifyId: "43", ordersCount: 0 } }))).toBe("first-order");
  });

  it("lets a visitor inside the modal reveal the code, but never a repeat customer", () => {
    const inModal = facts({ lastImpressionAt: minutesAgo(1), signedUp: true });
    expect(reasonOf(inModal)).toBe("already_shown");
    expect(reasonOf(inModal, "reveal")).toBe("first-order");
    expect(reasonOf(facts({ customer: { shopifyId: "42", ordersCount: 1 } }), "reveal")).toBe("repeat_customer");
    expect(reasonOf(facts({ scenarioEnabled: false }), "reveal")).toBe("scenario_off");
  });

  it("does not hand out a first-order code again once the visitor's own code expired unused", () => {
    expect(reasonOf(facts({ modalCode: { usedAt: null, endsAt: minutesAgo(1), active: true } }), "reveal")).toBe("code_expired");
    expect(reasonOf(facts({ modalCode: { usedAt: null, endsAt: daysAgo(-1), active: true } }), "reveal")).toBe("first-order");
  });
});

describe("reminder product", () => {
  it("accepts Shopify handles, including non-Latin ones, and refuses anything else", () => {
    expect(productFromHandle("원두-세트")).toEqual({ title: "원두 세트", url: `/products/${encodeURIComponent("원두-세트")}` });
    expect(productFromHandle("<script>")).toBeNull();
    expect(productFromHandle("../admin")).toBeNull();
    expect(productFromHandle("")).toBeNull();
  });
});
