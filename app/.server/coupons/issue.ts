// Issues one discount code per asking message. The row (with its code) is written before Shopify is
// called, so a crash or a throttled call is retried with the same code instead of minting a second one.
import type { Coupon } from "@prisma/client";
import type { Db } from "~/db.server";
import { couponWindow, generateCouponCode, validateCouponWindow, type CouponTerms } from "~/domain/coupons";
import { planCouponReminder } from "~/domain/triggers";
import type { ScenarioKey } from "~/domain/types";
import { applyPlan } from "~/.server/queue/enqueue";
import { loadShopScenarios, shopPolicy } from "~/.server/shops";
import { describeAdminError, isTransientAdminError, type AdminApi } from "~/.server/shopify/admin-api";

export type IssueDeps = { db: Db; admin: AdminApi; random: () => number };

export type IssueRequest = {
  shop: string;
  scenario: ScenarioKey;
  /** The message key that asks for the code: one coupon per message, however often it is retried. */
  issueKey: string;
  email: string | null;
  customerShopifyId: string | null;
  /** What the code takes off, and the order it asks for (~/domain/coupons `couponTerms`). */
  terms: CouponTerms;
  daysValid: number;
  now: Date;
  prefix: string;
  /** The storefront visitor the code is revealed to (exit-intent). */
  visitorId?: string | null;
};

export type IssueResult = { ok: true; coupon: Coupon } | { ok: false; transient: boolean; error: string };

/** Shopify answers TAKEN for a code another discount already uses; a fresh code is cheap. */
const MAX_CODE_TRIES = 3;

/** Local collisions are rare; this many in a row means the randomness is broken, not unlucky. */
const MAX_LOCAL_COLLISIONS = 10;

/** A code free in our own table (Shopify may still know it from elsewhere: that is the TAKEN path). */
async function freshCode(db: Db, shop: string, prefix: string, random: () => number): Promise<string> {
  for (let i = 0; i < MAX_LOCAL_COLLISIONS; i++) {
    const code = generateCouponCode(prefix, random);
    if (!(await db.coupon.findUnique({ where: { shop_code: { shop, code } } }))) return code;
  }
  throw new Error(`no unused coupon code after ${MAX_LOCAL_COLLISIONS} tries: the random source repeats itself`);
}

async function pendingRow(deps: IssueDeps, req: IssueRequest, window: { startsAt: Date; endsAt: Date }): Promise<Coupon> {
  const existing = await deps.db.coupon.findUnique({ where: { issueKey: req.issueKey } });
  // A retry gets the full validity from now, not what is left of the first attempt's window.
  if (existing) return deps.db.coupon.update({ where: { id: existing.id }, data: window });
  return deps.db.coupon.create({
    data: {
      shop: req.shop,
      code: await freshCode(deps.db, req.shop, req.prefix, deps.random),
      scenario: req.scenario,
      issueKey: req.issueKey,
      customerShopifyId: req.customerShopifyId,
      email: req.email?.toLowerCase() ?? null,
      ...req.terms,
      visitorId: req.visitorId ?? null,
      status: "pending",
      ...window,
    },
  });
}

/** The discount's title in the merchant's Shopify admin. */
function describeTerms(t: CouponTerms): string {
  const off = t.amountOffCents === null ? `${t.percentOff}% off` : `${(t.amountOffCents / 100).toFixed(2)} off`;
  return t.minimumSubtotalCents === null ? off : `${off} from ${(t.minimumSubtotalCents / 100).toFixed(2)}`;
}

export async function issueCoupon(deps: IssueDeps, req: IssueRequest): Promise<IssueResult> {
  const { db, admin } = deps;
  const existing = await db.coupon.findUnique({ where: { issueKey: req.issueKey } });
  if (existing?.status === "active") return { ok: true, coupon: existing };
  if (existing?.status === "failed") return { ok: false, transient: false, error: `the code for this message was refused earlier (${existing.code})` };

  // The code ends at the end of its last day where the shop is, the day the email names.
  const shopRow = await db.shop.findUnique({ where: { domain: req.shop }, select: { timezone: true } });
  const window = couponWindow(req.now, req.daysValid, shopRow?.timezone ?? "UTC");
  const valid = validateCouponWindow(window, req.now);
  if (!valid.ok) return { ok: false, transient: false, error: `coupon window refused: ${valid.error}` };

  let row = await pendingRow(deps, req, window);
  for (let attempt = 1; ; attempt++) {
    const created = await admin.createDiscountCode(req.shop, {
      title: `${req.scenario}: ${describeTerms(req.terms)} (${row.code})`,
      code: row.code,
      ...req.terms,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      customerShopifyId: req.customerShopifyId,
    });
    if (created.ok) return { ok: true, coupon: await activate(db, row, created.value.discountId, req.now) };

    const error = created.error;
    if (isTransientAdminError(error)) return { ok: false, transient: true, error: describeAdminError(error) };
    if (error.kind === "user_error" && error.code === "TAKEN" && attempt < MAX_CODE_TRIES) {
      row = await db.coupon.update({ where: { id: row.id }, data: { code: await freshCode(db, req.shop, req.prefix, deps.random) } });
      continue;
    }
    await db.coupon.update({ where: { id: row.id }, data: { status: "failed" } });
    const tries = error.kind === "user_error" && error.code === "TAKEN" ? ` after ${attempt} codes` : "";
    return { ok: false, transient: false, error: `${describeAdminError(error)}${tries}` };
  }
}

/** Active, and its expiry reminder planned, in one transaction: a code never exists without its reminder. */
async function activate(db: Db, row: Coupon, discountId: string, now: Date): Promise<Coupon> {
  const shop = await db.shop.findUnique({ where: { domain: row.shop } });
  const scenarios = await loadShopScenarios(db, row.shop);
  return db.$transaction(async (tx) => {
    const coupon = await tx.coupon.update({ where: { id: row.id }, data: { status: "active", discountId } });
    if (shop) {
      const actions = planCouponReminder(
        { code: coupon.code, endsAt: coupon.endsAt, issuedAt: now, email: coupon.email, customerShopifyId: coupon.customerShopifyId },
        { shop: row.shop, policy: shopPolicy(shop), enabled: scenarios.enabled, settings: scenarios.settings },
      );
      await applyPlan(tx, row.shop, actions);
    }
    return coupon;
  });
}
