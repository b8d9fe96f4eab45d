// Wires the dispatcher's dependencies from the environment: one place for the server, the CLI and the demo.
import { databaseClock } from "./queue/clock";
import crypto from "node:crypto";
import os from "node:os";
import type { Db } from "~/db.server";
import type { Env } from "~/env.server";
import { createEmailTransport } from "./channels/email/transport";
import type { DispatchDeps } from "./dispatch/pass";
import type { AdminApi } from "./shopify/admin-api";
import { createFakeAdminApi, type FakeCustomer, type FakeCustomerChange } from "./shopify/fake-admin";
import { applyEvents } from "./webhooks/apply";
import { createShopifyAdminApi } from "./shopify/graphql-admin";
import { DEMO_PRODUCT, DEMO_PRODUCT_IDS } from "./storefront/demo-page";

/**
 * Shopify follows a customer write with customers/create and a consent webhook; the demo applies the
 * same domain events at once, so a storefront signup starts the welcome scenario as it would live.
 */
async function applyDemoCustomerChange(db: Db, shop: string, { customer, created }: FakeCustomerChange): Promise<void> {
  const at = new Date();
  const facts = { shopifyId: customer.shopifyId, email: customer.email, firstName: null, lastName: null, locale: customer.locale, createdAt: at, updatedAt: at };
  await db.$transaction((tx) =>
    applyEvents(tx, shop, [
      created ? { kind: "CustomerSignedUp", at, customer: facts } : { kind: "CustomerUpdated", at, customer: facts },
      { kind: "ConsentChanged", at, customerShopifyId: customer.shopifyId, email: customer.email, consent: customer.consent },
    ]),
  );
}

function fakeCustomerOf(row: { shopifyId: string; email: string | null; locale: string | null; emailConsent: string } | null): FakeCustomer | null {
  if (!row?.email) return null;
  const consent = row.emailConsent === "subscribed" || row.emailConsent === "unsubscribed" ? row.emailConsent : "not_subscribed";
  return { shopifyId: row.shopifyId, email: row.email, locale: row.locale, consent };
}

/** In demo mode the fake answers from the same projection the webhooks built, as Shopify would. */
function demoAdmin(db: Db): AdminApi {
  return createFakeAdminApi({
    orderCount: async (shop, customerShopifyId) => {
      const customer = await db.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId: customerShopifyId } } });
      return customer ? customer.ordersCount : null;
    },
    findCustomer: async (shop, email) => fakeCustomerOf(await db.customer.findFirst({ where: { shop, email: email.toLowerCase() } })),
    findCustomerById: async (shop, shopifyId) => fakeCustomerOf(await db.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId } } })),
    onCustomerChange: (shop, change) => applyDemoCustomerChange(db, shop, change),
    productHandle: (_shop, id) => DEMO_CATALOGUE[id]?.handle ?? `product-${id}`,
    productTitle: (_shop, id) => DEMO_CATALOGUE[id]?.title ?? `Product ${id}`,
    // The demo's variants are numbered ten times their product (410 is product 41's), as its payloads do.
    variant: (_shop, id) => ({ productShopifyId: /^\d+0$/.test(id) ? id.slice(0, -1) : id, title: "Default Title", image: null }),
  });
}

/** The demo store's products, as its story, storefront and fake Admin API name them. */
const DEMO_CATALOGUE: Record<string, { title: string; handle: string }> = {
  [DEMO_PRODUCT_IDS.productId]: { title: DEMO_PRODUCT.title, handle: DEMO_PRODUCT.handle },
  "501": { title: "Ethiopia Guji — whole beans", handle: "ethiopia-guji" },
  "502": { title: "Ceramic pour-over dripper", handle: "ceramic-dripper" },
  "503": { title: "Paper filters", handle: "paper-filters" },
};

/** The Admin API for this environment: Shopify's, or in demo mode a fake that behaves like it. */
export async function createAdminApi(config: Env, db: Db): Promise<AdminApi> {
  return config.demo ? demoAdmin(db) : shopifyAdmin();
}

async function shopifyAdmin(): Promise<AdminApi> {
  const { unauthenticated } = await import("~/shopify.server");
  return createShopifyAdminApi(async (shop) => (await unauthenticated.admin(shop)).admin);
}

export type Runtime = { deps: DispatchDeps; close(): void };

export async function createRuntime(config: Env, db: Db, opts: { log?: (line: string) => void } = {}): Promise<Runtime> {
  const transport = createEmailTransport({ smtpUrl: config.smtpUrl, outboxDir: config.outboxDir });
  const admin = await createAdminApi(config, db);
  const deps: DispatchDeps = {
    services: { db, admin, transport, clock: databaseClock(db), random: Math.random, log: opts.log },
    identity: {
      workerId: `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`,
      appUrl: config.appUrl,
      secret: config.apiSecret,
      defaultFrom: config.defaultFrom,
    },
  };
  return { deps, close: () => transport.close() };
}
