// Turning the web pixel on at a store. Shopify loads extensions/web-pixel on a storefront only once the
// app has created its pixel there (webPixelCreate) with the settings its TOML declares. Install only
// asks for it (never failing on it); the jobs process then reads the app's pixel on the store and
// creates it, or gives it the current settings (webPixelUpdate), or leaves it as it is. Throttling, an
// outage, a missing scope grant or an extension not deployed yet are retried with backoff; each shop's
// row is leased while one instance works on it. When the app's URL changes (a new tunnel in
// development, a move), every active pixel names the old endpoint and is activated again.
import type { ShopPixel } from "@prisma/client";
import type { Db } from "~/db.server";
import { backoffDelayMs } from "~/.server/queue/fail";
import { describeAdminError, isTransientAdminError, type AdminApi, type AdminResult } from "~/.server/shopify/admin-api";
import { isRetryablePixelError, type WebPixelView } from "~/.server/shopify/web-pixel";
import { newPixelKey, pixelEndpoint, pixelSettings, sameSettings } from "./settings";

export type PixelStatus = "requested" | "active" | "failed" | "uninstalled";

export const PIXEL_MAX_ATTEMPTS = 8;
const LEASE_MS = 5 * 60_000;

/**
 * At install (and re-install): the shop's pixel is due for activation now. The key is made once per
 * shop and kept; shop/redact removes it with the rest of the shop.
 */
export async function requestPixelActivation(db: Pick<Db, "shopPixel">, shop: string, now: Date, newKey: () => string = newPixelKey): Promise<void> {
  const due = { status: "requested" satisfies PixelStatus, attempts: 0, nextCheckAt: now, requestedAt: now, error: null };
  await db.shopPixel.upsert({ where: { shop }, create: { shop, key: newKey(), ...due }, update: due });
}

export type PixelDeps = { db: Db; admin: AdminApi; random: () => number; appUrl: string; log?: (line: string) => void };
export type PixelReport = { activated: number; unchanged: number; retried: number; failed: number; skipped: number };

/** One look at every shop whose pixel is due; called each minute by the jobs process. */
export async function activatePixels(deps: PixelDeps, now: Date, limit = 10): Promise<PixelReport> {
  const { db } = deps;
  const report: PixelReport = { activated: 0, unchanged: 0, retried: 0, failed: 0, skipped: 0 };
  const endpoint = pixelEndpoint(deps.appUrl);
  await db.shopPixel.updateMany({ where: { status: "active", NOT: { endpoint } }, data: { status: "requested", attempts: 0, nextCheckAt: now, error: null } });

  const due = { status: "requested", OR: [{ nextCheckAt: null }, { nextCheckAt: { lte: now } }] };
  const rows = await db.shopPixel.findMany({ where: due, orderBy: { requestedAt: "asc" }, take: limit });
  for (const row of rows) {
    const leased = await db.shopPixel.updateMany({ where: { ...due, shop: row.shop }, data: { nextCheckAt: new Date(now.getTime() + LEASE_MS) } });
    if (leased.count === 0) continue;
    const shop = await db.shop.findUnique({ where: { domain: row.shop }, select: { uninstalledAt: true } });
    if (!shop || shop.uninstalledAt) {
      // Shopify removes an app's pixel with the app; a re-install asks again.
      await db.shopPixel.update({ where: { shop: row.shop }, data: { status: "uninstalled" satisfies PixelStatus, nextCheckAt: null } });
      report.skipped++;
      continue;
    }
    try {
      report[await activate(deps, row, now)]++;
    } catch (e) {
      report[await retryOrFail(db, row, now, deps.random, `unexpected error: ${e instanceof Error ? e.message : String(e)}`, true)]++;
    }
  }
  return report;
}

async function activate(deps: PixelDeps, row: ShopPixel, now: Date): Promise<keyof PixelReport> {
  const settings = pixelSettings(deps.appUrl, row.key);
  const current = await deps.admin.readWebPixel(row.shop);
  if (!current.ok) return retryOrFail(deps.db, row, now, deps.random, describeAdminError(current.error), isTransientAdminError(current.error));

  let result: AdminResult<WebPixelView>;
  if (!current.value) result = await deps.admin.createWebPixel(row.shop, settings);
  else if (sameSettings(current.value.settings, settings)) result = { ok: true, value: current.value };
  else result = await deps.admin.updateWebPixel(row.shop, current.value.id, settings);
  if (!result.ok) return retryOrFail(deps.db, row, now, deps.random, describeAdminError(result.error), isRetryablePixelError(result.error));

  await deps.db.shopPixel.update({
    where: { shop: row.shop },
    data: { status: "active" satisfies PixelStatus, webPixelId: result.value.id, endpoint: settings.endpoint, attempts: 0, nextCheckAt: null, activatedAt: now, error: null },
  });
  const unchanged = result.value === current.value;
  deps.log?.(`web pixel ${unchanged ? "already active" : "activated"} shop=${row.shop} pixel=${result.value.id}`);
  return unchanged ? "unchanged" : "activated";
}

async function retryOrFail(db: Db, row: ShopPixel, now: Date, random: () => number, error: string, retry: boolean): Promise<"retried" | "failed"> {
  const attempts = row.attempts + 1;
  if (retry && attempts < PIXEL_MAX_ATTEMPTS) {
    await db.shopPixel.update({ where: { shop: row.shop }, data: { attempts, error, nextCheckAt: new Date(now.getTime() + backoffDelayMs(attempts, random)) } });
    return "retried";
  }
  await db.shopPixel.update({ where: { shop: row.shop }, data: { attempts, error, status: "failed" satisfies PixelStatus, nextCheckAt: null } });
  return "failed";
}
