// The shop's profile as Shopify holds it: name, contact email, time zone, country, published
// languages and primary domain. Read at install, again later when that read was incomplete, and
// when Shopify announces a change (shop/update).
import type { AdminResult } from "./admin-api";
import { classifyThrown, type GraphqlClient } from "./graphql-admin";

export const SHOP_PROFILE_QUERY = `#graphql
  query CrmShopProfile {
    shop { name email contactEmail ianaTimezone shopAddress { countryCodeV2 } primaryDomain { url } }
    shopLocales(published: true) { locale primary }
  }`;

export type ShopProfile = {
  name: string;
  email: string | null;
  timezone: string;
  countryCode: string | null;
  locale: string;
  /** e.g. https://coffee.example; null when Shopify did not say. */
  primaryDomain: string | null;
  /** Every part was in Shopify's answer; otherwise defaults fill the gaps and the profile is read again later. */
  complete: boolean;
};

type ProfileData = {
  shop?: {
    name?: string;
    email?: string | null;
    contactEmail?: string | null;
    ianaTimezone?: string;
    shopAddress?: { countryCodeV2?: string | null } | null;
    primaryDomain?: { url?: string | null } | null;
  } | null;
  shopLocales?: { locale: string; primary: boolean }[] | null;
};

/** Only an absolute http(s) URL is a domain links can use. */
function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.origin : null;
  } catch {
    return null;
  }
}

/** Reads Shopify's answer defensively: a missing part falls back and marks the profile incomplete. */
export function shopProfileFrom(domain: string, data: ProfileData | null | undefined): ShopProfile {
  const shop = data?.shop ?? null;
  const primary = data?.shopLocales?.find((l) => l.primary)?.locale;
  const primaryDomain = originOf(shop?.primaryDomain?.url);
  return {
    name: shop?.name || domain.replace(/\.myshopify\.com$/, ""),
    email: shop?.contactEmail ?? shop?.email ?? null,
    timezone: shop?.ianaTimezone || "UTC",
    countryCode: shop?.shopAddress?.countryCodeV2 ?? null,
    locale: primary?.split("-")[0] ?? "en",
    primaryDomain,
    complete: Boolean(shop?.name && shop.ianaTimezone && primary && primaryDomain),
  };
}

/**
 * Never throws. A throttled or refused read is an error value; an answer with errors beside some data
 * (a partial answer: the Shopify client throws on it) keeps the data it has.
 */
export async function readShopProfile(domain: string, client: GraphqlClient): Promise<AdminResult<ShopProfile>> {
  try {
    const response = await client.graphql(SHOP_PROFILE_QUERY);
    const body = (await response.json()) as { data?: ProfileData; errors?: unknown };
    const profile = shopProfileFrom(domain, body.data);
    return { ok: true, value: body.errors ? { ...profile, complete: false } : profile };
  } catch (e) {
    const partial = (e as { body?: { data?: ProfileData | null } } | null)?.body?.data;
    if (partial?.shop) return { ok: true, value: { ...shopProfileFrom(domain, partial), complete: false } };
    return { ok: false, error: classifyThrown(e) };
  }
}
