// What happens when a merchant installs (or re-installs) the app: the shop is recorded with its time
// zone, country and language from the Admin API. Scenarios stay off until the merchant switches them on.
import type { Db } from "~/db.server";

export const SHOP_PROFILE_QUERY = `#graphql
  query ShopProfile {
    shop { name email contactEmail ianaTimezone billingAddress { countryCodeV2 } }
    shopLocales(published: true) { locale primary }
  }`;

export type ShopProfile = { name: string; email: string | null; timezone: string; countryCode: string | null; locale: string };

type ProfileResponse = {
  data?: {
    shop?: { name?: string; email?: string | null; contactEmail?: string | null; ianaTimezone?: string; billingAddress?: { countryCodeV2?: string | null } | null };
    shopLocales?: { locale: string; primary: boolean }[];
  };
};

/** Reads the Admin API answer defensively: a missing field falls back, it never fails the install. */
export function shopProfileFrom(domain: string, body: ProfileResponse): ShopProfile {
  const shop = body.data?.shop;
  const primary = body.data?.shopLocales?.find((l) => l.primary)?.locale;
  return {
    name: shop?.name || domain.replace(/\.myshopify\.com$/, ""),
    email: shop?.contactEmail ?? shop?.email ?? null,
    timezone: shop?.ianaTimezone || "UTC",
    countryCode: shop?.billingAddress?.countryCodeV2 ?? null,
    locale: primary?.split("-")[0] ?? "en",
  };
}

/**
 * Idempotent. A re-install clears `uninstalledAt` and refreshes what Shopify owns (name, time zone,
 * country); what the merchant set (sender, postal address, budget, switches) is kept.
 */
export async function recordInstall(db: Db, domain: string, profile: ShopProfile, now: Date): Promise<void> {
  const owned = { name: profile.name, email: profile.email, timezone: profile.timezone, countryCode: profile.countryCode };
  await db.shop.upsert({
    where: { domain },
    create: { domain, ...owned, locale: profile.locale, installedAt: now },
    update: { ...owned, uninstalledAt: null, installedAt: now },
  });
}
