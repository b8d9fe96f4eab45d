import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { db } from "./db.server";
import { env } from "./env.server";
import { requestBackfill } from "./.server/backfill/backfill";
import { recordInstall } from "./.server/install";
import { requestPixelActivation } from "./.server/pixel/activate";
import { log } from "./.server/log";
import { EncryptedSessionStorage } from "./.server/security/encrypted-session-storage";
import { createTokenCipher } from "./.server/security/session-crypto";
import { readShopProfile } from "./.server/shopify/shop-profile";
import { API_VERSION } from "./.server/shopify/app-config";

const config = env();

/** The library's name for our one version constant; a version it does not know is a bug at boot. */
export const apiVersion = Object.values(ApiVersion).find((v) => v === API_VERSION);
if (!apiVersion) throw new Error(`@shopify/shopify-app-remix does not know API version ${API_VERSION}`);

const shopify = shopifyApp({
  apiKey: config.apiKey,
  apiSecretKey: config.apiSecret,
  apiVersion,
  scopes: config.scopes,
  appUrl: config.appUrl,
  authPathPrefix: "/auth",
  // Shopify requires access tokens encrypted at rest; the Prisma table only ever sees ciphertext.
  sessionStorage: new EncryptedSessionStorage(new PrismaSessionStorage(db), createTokenCipher(config.encryptionKeys)),
  distribution: AppDistribution.AppStore,
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      // Never throws for Shopify's answer: the shop is recorded, with defaults if need be, and re-read later.
      const outcome = await recordInstall(db, session.shop, await readShopProfile(session.shop, admin), new Date());
      // The store's existing customers are read in the background by the jobs process.
      await requestBackfill(db, session.shop, new Date());
      // And the web pixel is activated on the store by the jobs process (webPixelCreate).
      await requestPixelActivation(db, session.shop, new Date());
      if (outcome.profile !== "complete") log.warn({ shop: session.shop, ...outcome }, "installed with an incomplete shop profile; it is read again later");
    },
  },
  ...(config.customShopDomains.length ? { customShopDomains: config.customShopDomains } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
