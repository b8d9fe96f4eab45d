import { describe, expect, it } from "vitest";
import { CODE_ALPHABET, couponWindow, generateCouponCode, normalizeCode, validateCouponWindow } from "~/domain/coupons";

const at = (iso: string) => new Date(iso);
const now = at("2026-06-10T12:00:00Z");

/** A fixed sequence standing in for Math.random. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}

describe("coupon window", () => {
  it("starts now and ends at 23:59:59 shop time on its last day", () => {
    expect(couponWindow(now, 14, "UTC")).toEqual({ startsAt: now, endsAt: at("2026-06-24T23:59:59Z") });
    // 21:00 in Seoul on June 10 (12:00 UTC): the last day is June 24 in Seoul, ending 14:59:59 UTC.
    expect(couponWindow(now, 14, "Asia/Seoul").endsAt).toEqual(at("2026-06-24T14:59:59Z"));
    // Issued at 01:00 Seoul on June 11 (16:00 UTC June 10): the days count from the shop's June 11.
    expect(couponWindow(at("2026-06-10T16:00:00Z"), 3, "Asia/Seoul").endsAt).toEqual(at("2026-06-14T14:59:59Z"));
  });
  it("ends at 23:59:59 local time across a daylight-saving change", () => {
    // New York springs forward on March 8, 2026: EST (-5) before, EDT (-4) on the last day.
    const issued = at("2026-03-05T15:00:00Z");
    expect(couponWindow(issued, 7, "America/New_York").endsAt).toEqual(at("2026-03-13T03:59:59Z"));
    // And falls back on November 1: the last day is in EST again.
    expect(couponWindow(at("2026-10-28T15:00:00Z"), 7, "America/New_York").endsAt).toEqual(at("2026-11-05T04:59:59Z"));
  });
  it("accepts a window from 1 to 365 days", () => {
    expect(validateCouponWindow(couponWindow(now, 1, "UTC"), now)).toEqual({ ok: true });
    expect(validateCouponWindow(couponWindow(now, 365, "Pacific/Kiritimati"), now)).toEqual({ ok: true });
  });
  it("refuses a code that would never be usable or would last for years", () => {
    const error = (w: { startsAt: Date; endsAt: Date }) => {
      const r = validateCouponWindow(w, now);
      return r.ok ? null : r.error;
    };
    expect(error({ startsAt: now, endsAt: at("2026-06-09T12:00:00Z") })).toBe("The code must end after it starts.");
    expect(error({ startsAt: now, endsAt: now })).toBe("The code must end after it starts.");
    expect(error({ startsAt: at("2025-06-01T00:00:00Z"), endsAt: at("2025-06-11T00:00:00Z") })).toBe(
      "The end date is in the past: the code would already be expired.",
    );
    expect(error({ startsAt: now, endsAt: at("2026-06-10T23:59:59Z") })).toBe("A code must stay valid for at least 1 day.");
    expect(error(couponWindow(now, 366, "UTC"))).toBe("A code can stay valid for at most 365 days.");
    expect(error({ startsAt: now, endsAt: new Date(Number.NaN) })).toBe("The start or end date is not a valid date.");
  });
});

describe("coupon codes", () => {
  it("are the prefix, a dash and eight characters a shopper cannot misread", () => {
    const code = generateCouponCode("welcome", sequence(0, 0.5, 0.99, 0.1, 0.3, 0.7, 0.2, 0.9));
    expect(code).toMatch(/^WELCOME-[A-Z2-9]{8}$/);
    expect(code.slice("WELCOME-".length)).not.toMatch(/[01OIL]/);
  });
  it("never use 0, O, 1, I or L, whatever the randomness", () => {
    expect(CODE_ALPHABET).not.toMatch(/[01OIL]/);
    const all = Array.from({ length: CODE_ALPHABET.length }, (_, i) => (i + 0.5) / CODE_ALPHABET.length);
    expect(generateCouponCode("", sequence(...all), all.length)).toBe(CODE_ALPHABET);
  });
  it("are deterministic for a given random source and honour the length", () => {
    expect(generateCouponCode("BACK", sequence(0.25), 4)).toBe(generateCouponCode("BACK", sequence(0.25), 4));
    expect(generateCouponCode("BACK", sequence(0.25), 4)).toHaveLength("BACK-".length + 4);
  });
  it("stay in the alphabet at the edges of the random range", () => {
    expect(generateCouponCode("X", sequence(0, 1), 2)).toBe(`X-${CODE_ALPHABET[0]}${CODE_ALPHABET.at(-1)}`);
  });
  it("drop characters a prefix should not carry", () => {
    expect(generateCouponCode(" spring sale! ", sequence(0), 3)).toBe("SPRINGSALE-AAA");
  });
  it("match however the shopper typed them", () => {
    expect(normalizeCode("  welcome-abcd2345 ")).toBe("WELCOME-ABCD2345");
  });
});
