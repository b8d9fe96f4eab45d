import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "~/.server/queue/fail";

const MIN = 60_000;
const HOUR = 3_600_000;
const middle = () => 0.5; // no jitter

describe("retry backoff after a failed send", () => {
  it("waits a minute after the first failure and doubles each time", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, middle))).toEqual([1 * MIN, 2 * MIN, 4 * MIN, 8 * MIN, 16 * MIN]);
  });

  it("never waits more than six hours between tries, however many failures", () => {
    expect(backoffDelayMs(9, middle)).toBe(256 * MIN);
    expect(backoffDelayMs(10, middle)).toBe(6 * HOUR);
    expect(backoffDelayMs(40, middle)).toBe(6 * HOUR);
    expect(backoffDelayMs(1000, middle)).toBe(6 * HOUR);
  });

  it("spreads retries by up to 10 % so an outage's backlog does not retry in one burst", () => {
    expect(backoffDelayMs(3, () => 0)).toBe(Math.round(4 * MIN * 0.9));
    expect(backoffDelayMs(3, () => 0.999999)).toBeCloseTo(4 * MIN * 1.1, -2);
    const seen = new Set([0.1, 0.3, 0.7, 0.9].map((r) => backoffDelayMs(3, () => r)));
    expect(seen.size).toBe(4);
    for (const d of seen) {
      expect(d).toBeGreaterThanOrEqual(4 * MIN * 0.9);
      expect(d).toBeLessThanOrEqual(4 * MIN * 1.1);
    }
  });

  it("treats a nonsense attempt number as the first", () => {
    expect(backoffDelayMs(0, middle)).toBe(MIN);
    expect(backoffDelayMs(-3, middle)).toBe(MIN);
  });
});
