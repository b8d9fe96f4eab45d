// The link in a signup confirmation email. Opening it (GET) only describes it: mail scanners and link
// previews open links too. The page's button (POST) subscribes the person in Shopify with
// CONFIRMED_OPT_IN, which starts the welcome through Shopify's consent webhook, and records the signup.
import type { Db } from "~/db.server";
import { suppressionKeys } from "~/.server/compliance/suppression-key";
import { loadShopScenarios } from "~/.server/shops";
import { describeAdminError, type AdminApi } from "~/.server/shopify/admin-api";
import { recordSignup } from "./signup";
import { verifySignupToken } from "./signup-token";

export type SignupLink =
  /** `confirmedAt`, `senderName`, `timeZone`: the receipt a confirmed subscription shows (art. 50(7)). */
  | { ok: true; state: "pending" | "confirmed"; shopName: string; senderName: string; timeZone: string; confirmedAt: Date | null; email: string; locale: string }
  | { ok: false; state: "invalid" | "expired" | "ended"; shopName?: string; locale?: string };

/** What the link is, without changing anything. */
export async function describeSignupLink(db: Db, token: unknown, secret: string, now: Date): Promise<SignupLink> {
  const check = verifySignupToken(token, secret, now);
  if (!check.ok) return { ok: false, state: check.reason };
  const row = await db.pendingSignup.findUnique({ where: { id: check.pendingId } });
  // Signed by us but gone: purged after expiry, or erased on the customer's or the shop's request.
  if (!row) return { ok: false, state: "expired" };
  const shop = await db.shop.findUnique({ where: { domain: row.shop } });
  const locale = row.locale ?? shop?.locale ?? "en";
  if (!shop || shop.uninstalledAt) return { ok: false, state: "ended", locale };
  const who = { shopName: shop.name, senderName: shop.senderName ?? shop.name, timeZone: shop.timezone, email: row.email, locale };
  if (row.status === "confirmed") return { ok: true, state: "confirmed", confirmedAt: row.confirmedAt, ...who };
  if (row.status !== "pending" || row.expiresAt <= now) return { ok: false, state: "expired", shopName: shop.name, locale };
  return { ok: true, state: "pending", confirmedAt: null, ...who };
}

export type ConfirmResult = { ok: true; link: SignupLink } | { ok: false; link: SignupLink; error?: string };

export async function confirmSignup(deps: { db: Db; admin: AdminApi; secret: string }, token: unknown, now: Date): Promise<ConfirmResult> {
  const { db } = deps;
  const link = await describeSignupLink(db, token, deps.secret, now);
  if (!link.ok) return { ok: false, link };
  if (link.state === "confirmed") return { ok: true, link };
  const check = verifySignupToken(token, deps.secret, now);
  if (!check.ok) return { ok: false, link };
  const row = await db.pendingSignup.findUniqueOrThrow({ where: { id: check.pendingId } });
  const shop = await db.shop.findUniqueOrThrow({ where: { domain: row.shop } });

  const upserted = await deps.admin.upsertCustomerWithConsent(row.shop, {
    email: row.email,
    consent: true,
    locale: row.locale,
    optInLevel: "CONFIRMED_OPT_IN",
  });
  if (!upserted.ok) return { ok: false, link, error: describeAdminError(upserted.error) };
  const customerShopifyId = upserted.value.customerShopifyId;
  const scenarios = await loadShopScenarios(db, row.shop);

  await db.$transaction(async (tx) => {
    // A second click, or two tabs at once: only the first records anything.
    const claimed = await tx.pendingSignup.updateMany({
      where: { id: row.id, status: "pending" },
      data: { status: "confirmed", confirmedAt: now, customerShopifyId: row.customerShopifyId ?? customerShopifyId, nextAttemptAt: null },
    });
    if (claimed.count !== 1) return;
    // The owner of the address asked again, from their own inbox: an earlier unsubscribe no longer
    // stands. Bounces and complaints are kept; no confirmation is sent to such an address anyway.
    await tx.suppression.deleteMany({ where: { shop: row.shop, email: { in: suppressionKeys(row.shop, row.email) }, reason: "unsubscribed" } });
    const visitor = { shop: row.shop, visitorId: row.visitorId, customerShopifyId: row.customerShopifyId, consent: true };
    await recordSignup(tx, shop, scenarios, visitor, row.email, customerShopifyId, now);
  });
  return { ok: true, link: { ...link, state: "confirmed", confirmedAt: now } };
}
