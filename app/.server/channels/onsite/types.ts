import type { Db } from "~/db.server";
import type { AdminApi } from "~/.server/shopify/admin-api";
import type { SignupMail } from "./pending-signup";
import type { RateLimiter } from "./rate-limit";

export type OnsiteDeps = {
  db: Db;
  admin: AdminApi;
  /** Verifies `crm_ref` tracking tokens from our emails. */
  secret: string;
  random: () => number;
  limiter: RateLimiter;
  /** Sends the signup confirmation emails (double opt-in). */
  signupMail: SignupMail;
};

/** One storefront visitor, as the verified proxy request and the loader describe them. */
export type Visitor = {
  shop: string;
  /** The loader's random id: kept across visits only when the visitor allowed tracking. */
  visitorId: string;
  /** Shopify's `logged_in_customer_id`; null when logged out. */
  customerShopifyId: string | null;
  /** The Customer Privacy API allows analytics/marketing: only then is anything recorded. */
  consent: boolean;
};

export const SCENARIO = "exit-intent";

/** One modal code per visitor, or per customer when logged in: every reveal gets the same code. */
export function modalIssueKey(v: Pick<Visitor, "shop" | "visitorId" | "customerShopifyId">): string {
  return v.customerShopifyId ? `${v.shop}:${SCENARIO}:customer:${v.customerShopifyId}:0` : `${v.shop}:${SCENARIO}:visitor:${v.visitorId}:0`;
}
