// The modal's optional email field. By default a signup is double opt-in: the address gets a
// confirmation email, and only its link subscribes the person in Shopify (pending-signup.ts,
// confirm-signup.ts). A shop that chose single opt-in subscribes the address at once, as Shopify's own
// forms do, except an address that once unsubscribed or bounced: an anonymous request never
// re-subscribes it, so it gets the confirmation email instead. Either way, once subscribed, Shopify's
// consent webhook starts the welcome and the modal code gets its expiry reminder.
import type { Prisma, Shop } from "@prisma/client";
import { z } from "zod";
import { normalizeCode } from "~/domain/coupons";
import { planCouponReminder } from "~/domain/triggers";
import { applyPlan } from "~/.server/queue/enqueue";
import { loadShopScenarios, shopPolicy, type ShopScenarios } from "~/.server/shops";
import { describeAdminError } from "~/.server/shopify/admin-api";
import { suppressionKeys } from "~/.server/compliance/suppression-key";
import type { Db } from "~/db.server";
import { recordOnsiteEvent } from "./events";
import { requestConfirmation } from "./pending-signup";
import { SCENARIO, modalIssueKey, type OnsiteDeps, type Visitor } from "./types";

export const signupInput = z.object({
  email: z.string().trim().toLowerCase().max(254, "That email address is too long.").email("Enter a valid email address."),
  consent: z.literal(true, "Tick the box to agree to receive emails."),
});

/** The two ways a shop can take a modal signup; "double" is the default. */
export const SIGNUP_OPT_IN = ["double", "single"] as const;
export type SignupOptIn = (typeof SIGNUP_OPT_IN)[number];

export type SignupResult =
  /** Single opt-in: subscribed in Shopify now. */
  | { ok: true; subscribed: true; customerShopifyId: string }
  /** A confirmation email is on its way (or was already sent today): nothing is subscribed yet. */
  | { ok: true; subscribed: false }
  | { ok: false; status: 409 | 422 | 429 | 502; error: string; field?: string };

const localeOf = (value: unknown): string | null => (typeof value === "string" && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$/.test(value) ? value : null);

/** The address unsubscribed, bounced or complained here before (kept as a suppression, or as Shopify's consent). */
async function everStopped(db: Db, shop: string, email: string): Promise<boolean> {
  const suppressed = await db.suppression.count({ where: { shop, email: { in: suppressionKeys(shop, email) } } });
  if (suppressed > 0) return true;
  return (await db.customer.count({ where: { shop, email, emailConsent: "unsubscribed" } })) > 0;
}

export async function signUpVisitor(
  deps: OnsiteDeps,
  v: Visitor & { ip: string },
  body: { email?: unknown; consent?: unknown; locale?: unknown },
  now: Date,
): Promise<SignupResult> {
  const parsed = signupInput.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, status: 422, error: issue.message, field: String(issue.path[0] ?? "email") };
  }
  const { db } = deps;
  const shop = await db.shop.findUnique({ where: { domain: v.shop } });
  const scenarios = await loadShopScenarios(db, v.shop);
  if (!shop || shop.uninstalledAt || !scenarios.enabled(SCENARIO)) return { ok: false, status: 409, error: "This offer has ended." };

  const email = parsed.data.email;
  const locale = localeOf(body.locale);
  if (shop.signupOptIn === "single" && !(await everStopped(db, v.shop, email))) {
    return subscribeNow(deps, shop, scenarios, v, email, locale, now);
  }
  const asked = await requestConfirmation(
    deps,
    { shop, email, visitorId: v.visitorId, customerShopifyId: v.customerShopifyId, locale, ip: v.ip },
    now,
  );
  return asked.ok ? { ok: true, subscribed: false } : asked;
}

async function subscribeNow(deps: OnsiteDeps, shop: Shop, scenarios: ShopScenarios, v: Visitor, email: string, locale: string | null, now: Date): Promise<SignupResult> {
  const upserted = await deps.admin.upsertCustomerWithConsent(v.shop, { email, consent: true, locale, optInLevel: "SINGLE_OPT_IN" });
  if (!upserted.ok) {
    const e = upserted.error;
    if (e.kind === "user_error" && (e.field ?? []).includes("email")) return { ok: false, status: 422, error: e.message, field: "email" };
    return { ok: false, status: 502, error: describeAdminError(e) };
  }
  const customerShopifyId = upserted.value.customerShopifyId;
  await deps.db.$transaction((tx) => recordSignup(tx, shop, scenarios, v, email, customerShopifyId, now));
  return { ok: true, subscribed: true, customerShopifyId };
}

/**
 * Once the person is subscribed: the signup is on the storefront's record (the modal stops asking, on
 * any device the customer logs in from), and the code the modal showed this visitor gets the address
 * and its expiry reminder. The record names the customer the signup made, so the report can tie that
 * customer's later orders to the modal.
 */
export async function recordSignup(
  tx: Prisma.TransactionClient,
  shop: Shop,
  scenarios: ShopScenarios,
  v: Visitor,
  email: string,
  customerShopifyId: string,
  now: Date,
): Promise<void> {
  const signedUp = { ...v, customerShopifyId: v.customerShopifyId ?? customerShopifyId };
  await recordOnsiteEvent(tx, signedUp, { type: "signup", offerKind: "first-order", at: now }, scenarios.settings(SCENARIO).sessionMinutes);
  const coupon = await tx.coupon.findUnique({ where: { issueKey: modalIssueKey(v) } });
  if (!coupon || coupon.status !== "active" || coupon.email) return;
  const withEmail = await tx.coupon.update({ where: { id: coupon.id }, data: { email } });
  const actions = planCouponReminder(
    { code: withEmail.code, endsAt: withEmail.endsAt, issuedAt: now, email: withEmail.email, customerShopifyId: withEmail.customerShopifyId ?? customerShopifyId },
    { shop: v.shop, policy: shopPolicy(shop), enabled: scenarios.enabled, settings: scenarios.settings },
  );
  await applyPlan(tx, v.shop, actions);
  // Issuing planned the reminder already, addressed to nobody: now it has someone to go to.
  await tx.message.updateMany({
    where: { shop: v.shop, scenario: "coupon-expiry", couponCode: normalizeCode(withEmail.code), status: { in: ["planned", "deferred"] }, email: null },
    data: { email: withEmail.email, customerShopifyId: withEmail.customerShopifyId ?? customerShopifyId },
  });
}
