// The modal's optional email field: with the shopper's ticked consent, Shopify gets the customer and
// their marketing consent (which starts the welcome scenario), and the modal code gets its reminder.
import { z } from "zod";
import { normalizeCode } from "~/domain/coupons";
import { planCouponReminder } from "~/domain/triggers";
import { applyPlan } from "~/.server/scheduler/enqueue";
import { loadShopScenarios, shopPolicy } from "~/.server/shops";
import { describeAdminError } from "~/.server/shopify/admin-api";
import { recordOnsiteEvent } from "./events";
import { SCENARIO, modalIssueKey, type OnsiteDeps, type Visitor } from "./types";

export const signupInput = z.object({
  email: z.string().trim().toLowerCase().max(254, "That email address is too long.").email("Enter a valid email address."),
  consent: z.literal(true, "Tick the box to agree to receive emails."),
});

export type SignupResult = { ok: true; customerShopifyId: string } | { ok: false; status: 409 | 422 | 502; error: string; field?: string };

export async function signUpVisitor(deps: OnsiteDeps, v: Visitor, body: { email?: unknown; consent?: unknown; locale?: unknown }, now: Date): Promise<SignupResult> {
  const parsed = signupInput.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, status: 422, error: issue.message, field: String(issue.path[0] ?? "email") };
  }
  const { db } = deps;
  const shop = await db.shop.findUnique({ where: { domain: v.shop } });
  const scenarios = await loadShopScenarios(db, v.shop);
  if (!shop || shop.uninstalledAt || !scenarios.enabled(SCENARIO)) return { ok: false, status: 409, error: "This offer has ended." };

  const locale = typeof body.locale === "string" && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$/.test(body.locale) ? body.locale : null;
  const upserted = await deps.admin.upsertCustomerWithConsent(v.shop, { email: parsed.data.email, consent: true, locale });
  if (!upserted.ok) {
    const e = upserted.error;
    if (e.kind === "user_error" && (e.field ?? []).includes("email")) return { ok: false, status: 422, error: e.message, field: "email" };
    return { ok: false, status: 502, error: describeAdminError(e) };
  }
  const customerShopifyId = upserted.value.customerShopifyId;
  const sessionMinutes = scenarios.settings(SCENARIO).sessionMinutes;

  await db.$transaction(async (tx) => {
    await recordOnsiteEvent(tx, v, { type: "signup", offerKind: "first-order", at: now }, sessionMinutes);
    const coupon = await tx.coupon.findUnique({ where: { issueKey: modalIssueKey(v) } });
    if (!coupon || coupon.status !== "active" || coupon.email) return;
    const withEmail = await tx.coupon.update({ where: { id: coupon.id }, data: { email: parsed.data.email } });
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
  });
  return { ok: true, customerShopifyId };
}
