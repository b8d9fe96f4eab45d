// A shop's stored brand, as the emails and the modal use it. The uploaded logo is served by the app
// (routes/brand.logo.$shop.$file.tsx), so its address is built from the app's public URL each time:
// a new SHOPIFY_APP_URL moves the logo with it.
import type { Shop } from "@prisma/client";
import { BRAND_FONTS, BUTTON_FILLS, BUTTON_SHAPES, DEFAULT_BRAND, type Brand } from "~/domain/brand";
import { isHexColour, normalizeHex } from "~/domain/contrast";

export const LOGO_ROUTE = "/brand/logo";

/** The public address of an uploaded logo: the file name carries the bytes' hash, so it may be cached for good. */
export function logoUrl(appUrl: string, shop: string, file: string): string {
  return `${appUrl.replace(/\/+$/, "")}${LOGO_ROUTE}/${encodeURIComponent(shop)}/${encodeURIComponent(file)}`;
}

const oneOf = <T extends string>(list: readonly T[], value: string, fallback: T): T => (list.includes(value as T) ? (value as T) : fallback);

type BrandColumns = Pick<Shop, "domain" | "brandAccent" | "brandButtonFill" | "brandButtonShape" | "brandFont" | "brandLogoUrl" | "brandLogoFile">;

/** Stored values were checked at save; anything unreadable falls back to today's look rather than break an email. */
export function shopBrand(shop: BrandColumns, appUrl: string): Brand {
  return {
    logoUrl: shop.brandLogoFile ? logoUrl(appUrl, shop.domain, shop.brandLogoFile) : shop.brandLogoUrl || null,
    accent: isHexColour(shop.brandAccent) ? normalizeHex(shop.brandAccent) : DEFAULT_BRAND.accent,
    buttonFill: oneOf(BUTTON_FILLS, shop.brandButtonFill, DEFAULT_BRAND.buttonFill),
    buttonShape: oneOf(BUTTON_SHAPES, shop.brandButtonShape, DEFAULT_BRAND.buttonShape),
    font: oneOf(BRAND_FONTS, shop.brandFont, DEFAULT_BRAND.font),
  };
}
