// The shop's brand as its emails and the exit-intent modal draw it: accent colour, button style, font
// stack and logo. The email palette lives here too, so the contrast check at save and the layout that
// draws the colours read the same values.
import { AA_TEXT, contrastRatio, formatRatio, normalizeHex } from "./contrast";

/** The colours of the email frame (~/.server/channels/email/layout.ts draws them). */
export const EMAIL_PALETTE = {
  /** Behind the header and the footer. */
  page: "#f4f4f5",
  /** The white card the message sits on. */
  card: "#ffffff",
  text: "#1f2328",
  /** 12px text: it needs AA for normal text on the page colour (7.0:1 here; the old #6b7280 was 4.4:1). */
  footerText: "#4b5563",
} as const;

/** The two labels a filled button may carry; the one with more contrast on the accent is used. */
export const BUTTON_LABELS = ["#ffffff", "#111111"] as const;

export const BUTTON_FILLS = ["filled", "outline"] as const;
export type ButtonFill = (typeof BUTTON_FILLS)[number];

export const BUTTON_SHAPES = ["square", "rounded", "pill"] as const;
export type ButtonShape = (typeof BUTTON_SHAPES)[number];
export const BUTTON_RADIUS: Record<ButtonShape, string> = { square: "0", rounded: "6px", pill: "999px" };

// Fonts every mail client has, each with the Korean faces Apple and Windows ship, so Hangul never
// falls back to a face that clashes with the Latin letters. No web fonts: most clients drop them.
export const FONT_STACKS = {
  sans: `-apple-system, 'Segoe UI', Roboto, 'Apple SD Gothic Neo', 'Malgun Gothic', Helvetica, Arial, sans-serif`,
  serif: `Georgia, 'Times New Roman', 'AppleMyungjo', 'Nanum Myeongjo', Batang, serif`,
  rounded: `ui-rounded, 'SF Pro Rounded', 'Arial Rounded MT Bold', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif`,
} as const;
export type BrandFont = keyof typeof FONT_STACKS;
export const BRAND_FONTS = Object.keys(FONT_STACKS) as BrandFont[];

export type Brand = {
  /** Absolute URL of the logo (the app's copy of an upload, or the merchant's https URL); null: the shop's name in text. */
  logoUrl: string | null;
  /** #rrggbb, lower case. */
  accent: string;
  buttonFill: ButtonFill;
  buttonShape: ButtonShape;
  font: BrandFont;
};

/** Today's look: what a shop that never opened the brand settings gets. */
export const DEFAULT_BRAND: Brand = { logoUrl: null, accent: "#0b6bcb", buttonFill: "filled", buttonShape: "rounded", font: "sans" };

/** The filled button's label: white or near-black, whichever reads better on the accent. */
export function buttonLabelColour(accent: string): string {
  const [a, b] = BUTTON_LABELS;
  return contrastRatio(a, accent) >= contrastRatio(b, accent) ? a : b;
}

export type ButtonColours = { background: string; text: string; border: string };

export function buttonColours(brand: Pick<Brand, "accent" | "buttonFill">): ButtonColours {
  const accent = normalizeHex(brand.accent);
  return brand.buttonFill === "filled"
    ? { background: accent, text: buttonLabelColour(accent), border: accent }
    : { background: EMAIL_PALETTE.card, text: accent, border: accent };
}

export type ContrastPair = "link" | "footerLink" | "button" | "body" | "footer";

export type ContrastFailure = { pair: ContrastPair; foreground: string; background: string; ratio: number; needed: number };

/** Every pair of colours an email shows, with the ratio AA needs (all are normal-size text). */
export function brandPairs(brand: Pick<Brand, "accent" | "buttonFill">): Omit<ContrastFailure, "ratio">[] {
  const accent = normalizeHex(brand.accent);
  const button = buttonColours(brand);
  return [
    { pair: "link", foreground: accent, background: EMAIL_PALETTE.card, needed: AA_TEXT },
    // The unsubscribe link sits in the footer, on the page colour.
    { pair: "footerLink", foreground: accent, background: EMAIL_PALETTE.page, needed: AA_TEXT },
    { pair: "button", foreground: button.text, background: button.background, needed: AA_TEXT },
    { pair: "body", foreground: EMAIL_PALETTE.text, background: EMAIL_PALETTE.card, needed: AA_TEXT },
    { pair: "footer", foreground: EMAIL_PALETTE.footerText, background: EMAIL_PALETTE.page, needed: AA_TEXT },
  ];
}

/** The pairs below WCAG AA; empty when the brand may be saved. */
export function checkBrandContrast(brand: Pick<Brand, "accent" | "buttonFill">): ContrastFailure[] {
  return brandPairs(brand)
    .map((p) => ({ ...p, ratio: contrastRatio(p.foreground, p.background) }))
    .filter((p) => p.ratio < p.needed);
}

/** "#FFFFFF on #FFD400 is 1.4:1; AA needs 4.5:1", for the message that names the pair. */
export function describeFailure(f: ContrastFailure): { foreground: string; background: string; ratio: string; needed: string } {
  return { foreground: f.foreground.toUpperCase(), background: f.background.toUpperCase(), ratio: formatRatio(f.ratio), needed: formatRatio(f.needed) };
}

/** What the exit-intent modal takes from the brand, as CSS custom property values. */
export type ModalBrand = { accent: string; onAccent: string; font: string };

export function modalBrand(brand: Pick<Brand, "accent" | "font">): ModalBrand {
  const accent = normalizeHex(brand.accent);
  return { accent, onAccent: buttonLabelColour(accent), font: FONT_STACKS[brand.font] };
}
