// The one door into the admin. Demo mode (CRM_DEMO=1, refused in production) opens it for the demo
// shop in a plain browser; everywhere else Shopify's session token or OAuth decides.
import { redirect as remixRedirect } from "@remix-run/node";
import type { Shop } from "@prisma/client";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { recordInstall, refreshShopProfile } from "~/.server/install";
import { DEMO_SHOP } from "~/.server/shops";
import type { GraphqlClient } from "~/.server/shopify/graphql-admin";
import { readShopProfile } from "~/.server/shopify/shop-profile";
import { authenticate } from "~/shopify.server";
import { adminLang, translator, type AdminLang, type Translate } from "~/i18n";

export type AdminContext = {
  shop: string;
  demo: boolean;
  /** Keeps the embedded app's host and session parameters, which a plain redirect would drop. */
  redirect: (url: string) => Response;
  /** The session's Admin API client; null in demo mode. */
  graphql: GraphqlClient | null;
};

export async function authenticateAdmin(request: Request): Promise<AdminContext> {
  if (env().demo) return { shop: DEMO_SHOP, demo: true, redirect: (url) => remixRedirect(url), graphql: null };
  const { session, redirect, admin } = await authenticate.admin(request);
  return { shop: session.shop, demo: false, redirect: (url) => redirect(url), graphql: admin };
}

export type AdminShop = AdminContext & { row: Shop; lang: AdminLang; t: Translate };

/**
 * The signed-in shop with its row and language. A profile that install could not read whole (Shopify
 * throttled or refused it) is read again here, with the merchant's own session.
 */
export async function loadAdminShop(request: Request): Promise<AdminShop> {
  const ctx = await authenticateAdmin(request);
  let row = await db.shop.findUnique({ where: { domain: ctx.shop } });
  if (ctx.graphql && (!row || !row.profileReadAt)) {
    const read = await readShopProfile(ctx.shop, ctx.graphql);
    if (!row) await recordInstall(db, ctx.shop, read, new Date());
    else await refreshShopProfile(db, ctx.shop, read, new Date());
    row = await db.shop.findUnique({ where: { domain: ctx.shop } });
  }
  if (!row) throw new Response("This shop is not installed.", { status: 404 });
  const lang = adminLang(row.locale);
  return { ...ctx, row, lang, t: translator(lang) };
}
