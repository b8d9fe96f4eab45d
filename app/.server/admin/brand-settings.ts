// The brand section of the settings: its fields, their validation, and the contrast check that
// refuses a save whose colours a reader could not read (~/domain/brand, ADR 020).
import type { Shop } from "@prisma/client";
import { z } from "zod";
import { BRAND_FONTS, BUTTON_FILLS, BUTTON_SHAPES, checkBrandContrast, describeFailure, type BrandFont, type ButtonFill, type ButtonShape } from "~/domain/brand";
import { isHexColour, normalizeHex } from "~/domain/contrast";
import { shopBrand } from "~/.server/brand/shop-brand";
import type { Translate } from "~/i18n";

export type BrandValues = {
  brandAccent: string;
  brandButtonFill: ButtonFill;
  brandButtonShape: ButtonShape;
  brandFont: BrandFont;
  /** The merchant's https logo address; an uploaded logo (brandLogoFile) wins over it. */
  brandLogoUrl: string;
};

export function brandValues(shop: Shop): BrandValues {
  // The app URL is irrelevant here: only the stored choices are shown.
  const brand = shopBrand(shop, "");
  return { brandAccent: brand.accent, brandButtonFill: brand.buttonFill, brandButtonShape: brand.buttonShape, brandFont: brand.font, brandLogoUrl: shop.brandLogoUrl ?? "" };
}

function httpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname !== "" && !url.username && !url.password;
  } catch {
    return false;
  }
}

/**
 * The settings object with the brand's fields added, refused as a whole when a colour pair fails
 * WCAG AA: the error sits on the accent field and names the pair, both colours, and the ratios.
 */
export function brandSchema<S extends z.ZodRawShape>(t: Translate, shape: S) {
  const choice = <T extends string>(list: readonly T[]) => z.enum(list as [T, ...T[]], t("error.choice", { options: list.join(", ") }));
  return z
    .object({
      ...shape,
      brandAccent: z
        .string()
        .trim()
        .refine(isHexColour, t("error.hexColour"))
        .transform((v) => normalizeHex(v)),
      brandButtonFill: choice(BUTTON_FILLS),
      brandButtonShape: choice(BUTTON_SHAPES),
      brandFont: choice(BRAND_FONTS),
      brandLogoUrl: z
        .string()
        .trim()
        .max(2000, t("error.tooLong", { max: 2000 }))
        .refine((v) => v === "" || httpsUrl(v), t("error.httpsUrl")),
    })
    .superRefine((v, ctx) => {
      const { brandAccent: accent, brandButtonFill: fill } = v as unknown as { brandAccent: string; brandButtonFill: ButtonFill };
      if (!isHexColour(accent) || !BUTTON_FILLS.includes(fill)) return;
      const failures = checkBrandContrast({ accent, buttonFill: fill });
      // One message per field reaches the form, so every failing pair is named in it.
      if (failures.length > 0) ctx.addIssue({ code: "custom", path: ["brandAccent"], message: failures.map((f) => t(`error.contrast.${f.pair}`, describeFailure(f))).join(" ") });
    });
}
