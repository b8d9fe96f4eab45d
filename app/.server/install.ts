// What happens when a merchant installs (or re-installs) the app: the shop is recorded with its time
// zone, country, language and primary domain from the Admin API. Scenarios stay off until the
// merchant switches them on. Installing never fails on the profile read: a throttled, refused or
// partial answer records the shop with defaults, and the profile is read again later (the next time
// the merchant opens the app, or when Shopify sends shop/update).
import type { Db } from "~/db.server";
import type { AdminResult } from "./shopify/admin-api";
import { describeAdminError } from "./shopify/admin-api";
import type { ShopProfile } from "./shopify/shop-profile";

export type InstallOutcome = { profile: "complete" | "partial" | "defaults"; detail: string | null };

/** The profile's fields Shopify owns; what the merchant set (sender, address, budget, switches) is never touched. */
function owned(profile: ShopProfile) {
  return { name: profile.name, email: profile.email, timezone: profile.timezone, countryCode: profile.countryCode, primaryDomain: profile.primaryDomain };
}

/**
 * Idempotent. A re-install clears `uninstalledAt`. A complete profile replaces what Shopify owns; a
 * partial one fills only what it has, over a first install's defaults; a failed read changes nothing
 * but the install itself.
 */
export async function recordInstall(db: Db, domain: string, read: AdminResult<ShopProfile>, now: Date): Promise<InstallOutcome> {
  const fallbackName = domain.replace(/\.myshopify\.com$/, "");
  if (!read.ok) {
    await db.shop.upsert({
      where: { domain },
      create: { domain, name: fallbackName, installedAt: now, profileReadAt: null },
      update: { uninstalledAt: null, installedAt: now },
    });
    return { profile: "defaults", detail: describeAdminError(read.error) };
  }
  const profile = read.value;
  const existing = await db.shop.findUnique({ where: { domain }, select: { profileReadAt: true } });
  // A partial answer must not overwrite a good earlier profile with defaults.
  const refresh = profile.complete || !existing?.profileReadAt ? owned(profile) : {};
  await db.shop.upsert({
    where: { domain },
    create: { domain, ...owned(profile), locale: profile.locale, installedAt: now, profileReadAt: profile.complete ? now : null },
    update: { ...refresh, uninstalledAt: null, installedAt: now, ...(profile.complete ? { profileReadAt: now } : {}) },
  });
  return profile.complete ? { profile: "complete", detail: null } : { profile: "partial", detail: "Shopify's answer lacked part of the shop profile" };
}

/** A later read of the profile (the merchant opened the app, or shop/update): install dates untouched. */
export async function refreshShopProfile(db: Db, domain: string, read: AdminResult<ShopProfile>, now: Date): Promise<boolean> {
  if (!read.ok) return false;
  const profile = read.value;
  const existing = await db.shop.findUnique({ where: { domain }, select: { profileReadAt: true } });
  if (!existing) return false;
  if (!profile.complete && existing.profileReadAt) return false;
  await db.shop.update({ where: { domain }, data: { ...owned(profile), ...(profile.complete ? { profileReadAt: now } : {}) } });
  return profile.complete;
}
