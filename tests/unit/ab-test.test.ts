import { describe, expect, it } from "vitest";
import { abVariantFor, pickWinner } from "~/domain/ab-test";

describe("A/B subject variants", () => {
  it("gives a message the same variant every time, and splits many messages roughly in half", () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `shop.myshopify.com:welcome:customer:${1000 + i}:0`);
    const first = keys.map(abVariantFor);
    expect(keys.map(abVariantFor)).toEqual(first);
    const b = first.filter((v) => v === "B").length;
    expect(b).toBeGreaterThan(850);
    expect(b).toBeLessThan(1150);
  });
});

describe("picking a winner", () => {
  it("keeps collecting until both variants reached the minimum sample", () => {
    expect(pickWinner([{ variant: "A", sent: 500, conversions: 5 }, { variant: "B", sent: 99, conversions: 60 }], 100)).toEqual({ status: "collecting" });
    expect(pickWinner([{ variant: "A", sent: 500, conversions: 5 }], 100)).toEqual({ status: "collecting" });
  });

  it("names the variant that converts better when the difference is significant", () => {
    const verdict = pickWinner([{ variant: "A", sent: 1000, conversions: 30 }, { variant: "B", sent: 1000, conversions: 60 }], 100);
    expect(verdict).toMatchObject({ status: "winner", winner: "B" });
    expect(pickWinner([{ variant: "A", sent: 1000, conversions: 60 }, { variant: "B", sent: 1000, conversions: 30 }], 100)).toMatchObject({ winner: "A" });
  });

  it("calls a small difference a tie", () => {
    expect(pickWinner([{ variant: "A", sent: 1000, conversions: 30 }, { variant: "B", sent: 1000, conversions: 36 }], 100)).toMatchObject({ status: "tie" });
    expect(pickWinner([{ variant: "A", sent: 200, conversions: 0 }, { variant: "B", sent: 200, conversions: 0 }], 100)).toMatchObject({ status: "tie" });
  });
});
