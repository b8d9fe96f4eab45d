import { describe, expect, it } from "vitest";
import { audienceVerdict, DEFAULT_THRESHOLDS, holdoutCheck, segmentsOf, validateAudience, vipCutoffCents, type PersonFacts, type Segment } from "~/domain/segments";

const NOW = new Date("2026-06-01T12:00:00Z");
const DAY = 86_400_000;
const ago = (days: number, ms = 0) => new Date(NOW.getTime() - days * DAY - ms);

const person = (over: Partial<PersonFacts> = {}): PersonFacts => ({ signedUpAt: ago(10), ordersCount: 0, lastOrderAt: null, totalSpentCents: 0, lastEngagedAt: null, ...over });
const of = (p: PersonFacts, cutoff: number | null = null) => [...segmentsOf(p, DEFAULT_THRESHOLDS, cutoff, NOW)].sort();

describe("segments", () => {
  it("new: signed up and no order yet; not before the sign-up, not after an order", () => {
    expect(of(person())).toEqual(["new"]);
    expect(of(person({ signedUpAt: null }))).toEqual([]);
    expect(of(person({ signedUpAt: new Date(NOW.getTime() + 1) }))).toEqual([]);
    expect(of(person({ ordersCount: 1, lastOrderAt: ago(1), totalSpentCents: 100 }))).not.toContain("new");
  });

  it("first-time buyer, repeat and loyal follow the order count at their edges", () => {
    const buyer = (n: number) => of(person({ ordersCount: n, lastOrderAt: ago(1), totalSpentCents: 100 * n }));
    expect(buyer(1)).toEqual(["first_time_buyer"]);
    expect(buyer(2)).toEqual(["repeat"]);
    expect(buyer(3)).toEqual(["loyal", "repeat"]);
    expect(segmentsOf(person({ ordersCount: 2, lastOrderAt: ago(1) }), { ...DEFAULT_THRESHOLDS, loyalOrders: 2 }, null, NOW).has("loyal")).toBe(true);
  });

  it("dormant: a buyer whose last order is 90 days old or more; never someone who has not bought", () => {
    const last = (days: number, ms = 0) => of(person({ ordersCount: 1, lastOrderAt: ago(days, ms), totalSpentCents: 100 }));
    expect(last(90)).toContain("dormant");
    expect(last(89, 23 * 3_600_000)).not.toContain("dormant");
    expect(of(person({ signedUpAt: ago(400) }))).not.toContain("dormant");
  });

  it("engaged: an open or click within the last 30 days, not one 30 days old or in the future", () => {
    expect(of(person({ lastEngagedAt: ago(29, 23 * 3_600_000) }))).toContain("engaged");
    expect(of(person({ lastEngagedAt: ago(30) }))).not.toContain("engaged");
    expect(of(person({ lastEngagedAt: new Date(NOW.getTime() + 1000) }))).not.toContain("engaged");
  });

  it("VIP: at or above the cutoff, and only with money spent", () => {
    expect(of(person({ ordersCount: 1, lastOrderAt: ago(1), totalSpentCents: 5000 }), 5000)).toContain("vip");
    expect(of(person({ ordersCount: 1, lastOrderAt: ago(1), totalSpentCents: 4999 }), 5000)).not.toContain("vip");
    expect(of(person({ totalSpentCents: 0 }), 0)).not.toContain("vip");
    expect(of(person({ ordersCount: 1, lastOrderAt: ago(1), totalSpentCents: 5000 }), null)).not.toContain("vip");
  });
});

describe("the VIP cutoff", () => {
  it("is the smallest amount in the top 5 % of buyers, at least one buyer, ignoring those who spent nothing", () => {
    const spent = Array.from({ length: 100 }, (_, i) => (i + 1) * 100); // 100 … 10,000
    expect(vipCutoffCents(spent, DEFAULT_THRESHOLDS)).toBe(9600); // the top 5: 10,000 … 9,600
    expect(vipCutoffCents([0, 0, 300], DEFAULT_THRESHOLDS)).toBe(300);
    expect(vipCutoffCents([0, 0], DEFAULT_THRESHOLDS)).toBeNull();
    expect(vipCutoffCents([], DEFAULT_THRESHOLDS)).toBeNull();
  });

  it("is the merchant's amount when one is set", () => {
    expect(vipCutoffCents([100, 200], { ...DEFAULT_THRESHOLDS, vipMinSpentCents: 150_000 })).toBe(150_000);
  });
});

describe("a scenario's audience", () => {
  const set = (...s: Segment[]) => new Set(s);

  it("lets everyone in when it names no segment", () => {
    expect(audienceVerdict({ include: [], exclude: [] }, set())).toEqual({ ok: true });
  });

  it("lets in a person in any included segment, and says why it keeps out one in none", () => {
    const audience = { include: ["first_time_buyer", "repeat"] as Segment[], exclude: [] };
    expect(audienceVerdict(audience, set("repeat", "engaged"))).toEqual({ ok: true });
    expect(audienceVerdict(audience, set("new"))).toEqual({ ok: false, reason: "not_in_segment", detail: "in none of first_time_buyer, repeat" });
  });

  it("keeps out an excluded segment even when an included one matches", () => {
    expect(audienceVerdict({ include: ["repeat"], exclude: ["vip"] }, set("repeat", "vip"))).toEqual({ ok: false, reason: "not_in_segment", detail: "in excluded segment vip" });
  });

  it("is refused at save with an unknown segment or one both included and excluded", () => {
    expect(validateAudience({ include: ["whales"], exclude: [] })).toEqual({ ok: false, error: "unknown segment: whales" });
    expect(validateAudience({ include: ["vip"], exclude: ["vip"] })).toEqual({ ok: false, error: "both included and excluded: vip" });
    expect(validateAudience({ include: ["vip", "vip"], exclude: ["dormant"] })).toEqual({ ok: true, audience: { include: ["vip"], exclude: ["dormant"] } });
  });
});

describe("whether a scenario's reach can measure its KPI against the holdout", () => {
  it("is enough from 100 held-out people, and says how long it would take below that", () => {
    expect(holdoutCheck(1000, 10, 30)).toEqual({ ok: true, heldOut: 100 });
    expect(holdoutCheck(999, 10, 30)).toEqual({ ok: false, heldOut: 99, reached: 999, percent: 10, days: 30, needed: 100, daysNeeded: 31 });
    expect(holdoutCheck(120, 10, 30)).toMatchObject({ ok: false, heldOut: 12, daysNeeded: 250 });
  });

  it("never is with no holdout or nobody reached", () => {
    expect(holdoutCheck(5000, 0, 30)).toMatchObject({ ok: false, heldOut: 0, daysNeeded: null });
    expect(holdoutCheck(0, 10, 30)).toMatchObject({ ok: false, heldOut: 0, daysNeeded: null });
  });
});
