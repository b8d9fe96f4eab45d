// Wires the dispatcher's dependencies from the environment: one place for the server, the CLI and the demo.
import crypto from "node:crypto";
import os from "node:os";
import type { Db } from "~/db.server";
import type { Env } from "~/env.server";
import { createEmailTransport } from "./channels/email/transport";
import type { DispatchDeps } from "./scheduler/dispatch";
import type { AdminApi } from "./shopify/admin-api";
import { createFakeAdminApi } from "./shopify/fake-admin";
import { createShopifyAdminApi } from "./shopify/graphql-admin";

/** In demo mode the fake answers from the same projection the webhooks built, as Shopify would. */
function demoAdmin(db: Db): AdminApi {
  return createFakeAdminApi({
    orderCount: async (shop, customerShopifyId) => {
      const customer = await db.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId: customerShopifyId } } });
      return customer ? customer.ordersCount : null;
    },
  });
}

async function shopifyAdmin(): Promise<AdminApi> {
  const { unauthenticated } = await import("~/shopify.server");
  return createShopifyAdminApi(async (shop) => (await unauthenticated.admin(shop)).admin);
}

export type Runtime = { deps: DispatchDeps; close(): void };

export async function createRuntime(config: Env, db: Db, opts: { log?: (line: string) => void } = {}): Promise<Runtime> {
  const transport = createEmailTransport({ smtpUrl: config.smtpUrl, outboxDir: config.outboxDir });
  const admin = config.demo ? demoAdmin(db) : await shopifyAdmin();
  const deps: DispatchDeps = {
    db,
    admin,
    transport,
    appUrl: config.appUrl,
    secret: config.apiSecret,
    workerId: `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`,
    random: Math.random,
    log: opts.log,
  };
  return { deps, close: () => transport.close() };
}
