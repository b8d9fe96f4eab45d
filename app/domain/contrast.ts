// WCAG 2.1 contrast: relative luminance of an sRGB colour and the ratio between two of them
// (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). Pure; colours are #rrggbb or #rgb.

/** AA for normal text (1.4.3); large text and UI components (1.4.11) need 3:1. */
export const AA_TEXT = 4.5;
export const AA_LARGE = 3;

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export function isHexColour(value: string): boolean {
  return HEX.test(value);
}

/** #abc → #aabbcc, lower case; anything else is a bug in the caller (validate first). */
export function normalizeHex(value: string): string {
  if (!isHexColour(value)) throw new Error(`not a hex colour: ${value}`);
  const v = value.toLowerCase();
  return v.length === 4 ? `#${v[1]}${v[1]}${v[2]}${v[2]}${v[3]}${v[3]}` : v;
}

function channel(byte: number): number {
  const c = byte / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance(hex: string): number {
  const v = normalizeHex(hex);
  const [r, g, b] = [1, 3, 5].map((i) => channel(parseInt(v.slice(i, i + 2), 16)));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** From 1 (same) to 21 (black on white); the order of the two colours does not matter. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The ratio as people read it, rounded down to two places: 4.499 must not read "4.50:1" beside
 * "needs 4.5:1". Trailing zeros are dropped (4.5:1, 21:1).
 */
export function formatRatio(ratio: number): string {
  return `${String(Math.floor(ratio * 100) / 100)}:1`;
}
