// WCAG 2.1 contrast, and the brand check the settings save runs: a merchant cannot save colours their
// readers could not read, and is told which pair fails and by how much.
import { describe, expect, it } from "vitest";
import { BUTTON_LABELS, EMAIL_PALETTE, buttonLabelColour, checkBrandContrast, describeFailure } from "~/domain/brand";
import { AA_TEXT, contrastRatio, formatRatio, relativeLuminance } from "~/domain/contrast";

describe("relative luminance and contrast ratio", () => {
  it("gives the published values for known colours", () => {
    expect(relativeLuminance("#ffffff")).toBe(1);
    expect(relativeLuminance("#000")).toBe(0);
    expect(contrastRatio("#000000", "#ffffff")).toBe(21);
    expect(contrastRatio("#ffffff", "#000000")).toBe(21);
    expect(contrastRatio("#abcdef", "#ABCDEF")).toBe(1);
    // The grey everyone quotes: #777 misses AA on white by a hair, #767676 is the lightest that passes.
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
    expect(contrastRatio("#777777", "#ffffff")).toBeLessThan(AA_TEXT);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#767676", "#ffffff")).toBeGreaterThanOrEqual(AA_TEXT);
    expect(contrastRatio("#ff0000", "#ffffff")).toBeCloseTo(4.0, 1);
  });

  it("never rounds a failing ratio up to the one it needs", () => {
    expect(formatRatio(4.4999)).toBe("4.49:1");
    expect(formatRatio(21)).toBe("21:1");
    expect(formatRatio(4.5)).toBe("4.5:1");
  });
});

describe("the brand's contrast check", () => {
  it("accepts today's blue accent and a dark one, filled or outline", () => {
    for (const accent of ["#0b6bcb", "#1a1a1a", "#8a4b2a"]) {
      for (const buttonFill of ["filled", "outline"] as const) expect(checkBrandContrast({ accent, buttonFill })).toEqual([]);
    }
  });

  it("refuses a yellow accent for links, and names both colours and the ratios", () => {
    const failures = checkBrandContrast({ accent: "#FFD400", buttonFill: "filled" });
    expect(failures.map((f) => f.pair)).toEqual(["link", "footerLink"]);
    const link = describeFailure(failures[0]);
    expect(link).toEqual({ foreground: "#FFD400", background: "#FFFFFF", ratio: expect.stringMatching(/^1\.\d+:1$/), needed: "4.5:1" });
  });

  it("puts dark text on a light filled button, white on a dark one, and refuses only when neither reads", () => {
    expect(buttonLabelColour("#ffd400")).toBe("#111111");
    expect(buttonLabelColour("#0b6bcb")).toBe("#ffffff");
    // A mid grey: white and near-black both stay under 4.5:1 on it.
    const mid = "#777777";
    expect(Math.max(...BUTTON_LABELS.map((l) => contrastRatio(l, mid)))).toBeLessThan(AA_TEXT);
    expect(checkBrandContrast({ accent: mid, buttonFill: "filled" }).map((f) => f.pair)).toContain("button");
    // Outline: the label is the accent on white, so a yellow outline button cannot be read.
    const outline = checkBrandContrast({ accent: "#ffd400", buttonFill: "outline" });
    expect(outline.find((f) => f.pair === "button")).toMatchObject({ foreground: "#ffd400", background: EMAIL_PALETTE.card });
  });

  it("keeps the email's own text above AA: body on the card, and the 12px footer on the page", () => {
    expect(contrastRatio(EMAIL_PALETTE.text, EMAIL_PALETTE.card)).toBeGreaterThanOrEqual(AA_TEXT);
    expect(contrastRatio(EMAIL_PALETTE.footerText, EMAIL_PALETTE.page)).toBeGreaterThanOrEqual(AA_TEXT);
    // The footer grey it replaced, which a mail filter's low-contrast rule flagged.
    expect(contrastRatio("#6b7280", EMAIL_PALETTE.page)).toBeLessThan(AA_TEXT);
  });
});
