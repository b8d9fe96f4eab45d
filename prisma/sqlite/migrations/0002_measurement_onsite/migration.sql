-- AlterTable
ALTER TABLE "Coupon" ADD COLUMN "visitorId" TEXT;

-- CreateTable
CREATE TABLE "MessageEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "scenario" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "url" TEXT,
    "orderId" TEXT,
    "revenueCents" INTEGER,
    "currency" TEXT,
    "via" TEXT,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OnsiteEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "scenario" TEXT NOT NULL DEFAULT 'exit-intent',
    "visitorId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "offerKind" TEXT,
    "customerShopifyId" TEXT,
    "couponCode" TEXT,
    "at" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "locale" TEXT NOT NULL DEFAULT 'en',
    "countryCode" TEXT,
    "senderName" TEXT,
    "senderEmail" TEXT,
    "replyTo" TEXT,
    "postalAddress" TEXT,
    "contact" TEXT,
    "koreanAdRules" BOOLEAN NOT NULL DEFAULT false,
    "quietHoursStart" TEXT NOT NULL DEFAULT '21:00',
    "quietHoursEnd" TEXT NOT NULL DEFAULT '08:00',
    "budgetMinGapHours" INTEGER NOT NULL DEFAULT 16,
    "budgetMaxPer7Days" INTEGER NOT NULL DEFAULT 3,
    "scenarioPriority" TEXT NOT NULL DEFAULT '[]',
    "attributionDays" INTEGER NOT NULL DEFAULT 5,
    "holdoutPercent" INTEGER NOT NULL DEFAULT 5,
    "onboardedAt" DATETIME,
    "installedAt" DATETIME NOT NULL,
    "uninstalledAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("budgetMaxPer7Days", "budgetMinGapHours", "contact", "countryCode", "domain", "email", "installedAt", "koreanAdRules", "locale", "name", "postalAddress", "quietHoursEnd", "quietHoursStart", "replyTo", "scenarioPriority", "senderEmail", "senderName", "timezone", "uninstalledAt", "updatedAt") SELECT "budgetMaxPer7Days", "budgetMinGapHours", "contact", "countryCode", "domain", "email", "installedAt", "koreanAdRules", "locale", "name", "postalAddress", "quietHoursEnd", "quietHoursStart", "replyTo", "scenarioPriority", "senderEmail", "senderName", "timezone", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE TABLE "new_ScenarioSetting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "scenario" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "templates" TEXT NOT NULL DEFAULT '{}',
    "abTest" TEXT NOT NULL DEFAULT '{}',
    "holdoutPercent" INTEGER,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_ScenarioSetting" ("enabled", "id", "scenario", "settings", "shop", "templates", "updatedAt") SELECT "enabled", "id", "scenario", "settings", "shop", "templates", "updatedAt" FROM "ScenarioSetting";
DROP TABLE "ScenarioSetting";
ALTER TABLE "new_ScenarioSetting" RENAME TO "ScenarioSetting";
CREATE UNIQUE INDEX "ScenarioSetting_shop_scenario_key" ON "ScenarioSetting"("shop", "scenario");
CREATE TABLE "new_Message" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "scenario" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'email',
    "customerShopifyId" TEXT,
    "email" TEXT,
    "checkoutToken" TEXT,
    "orderId" TEXT,
    "couponCode" TEXT,
    "triggeredAt" DATETIME NOT NULL,
    "runAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "sentAt" DATETIME,
    "providerMessageId" TEXT,
    "locale" TEXT,
    "renderedSubject" TEXT,
    "variant" TEXT,
    "holdout" BOOLEAN NOT NULL DEFAULT false,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "lastClickedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Message" ("attempts", "channel", "checkoutToken", "couponCode", "createdAt", "customerShopifyId", "email", "id", "key", "leaseOwner", "leaseUntil", "locale", "orderId", "providerMessageId", "reason", "renderedSubject", "runAt", "scenario", "sentAt", "shop", "status", "step", "subject", "triggeredAt", "updatedAt") SELECT "attempts", "channel", "checkoutToken", "couponCode", "createdAt", "customerShopifyId", "email", "id", "key", "leaseOwner", "leaseUntil", "locale", "orderId", "providerMessageId", "reason", "renderedSubject", "runAt", "scenario", "sentAt", "shop", "status", "step", "subject", "triggeredAt", "updatedAt" FROM "Message";
DROP TABLE "Message";
ALTER TABLE "new_Message" RENAME TO "Message";
CREATE UNIQUE INDEX "Message_key_key" ON "Message"("key");
CREATE INDEX "Message_status_runAt_idx" ON "Message"("status", "runAt");
CREATE INDEX "Message_shop_updatedAt_idx" ON "Message"("shop", "updatedAt");
CREATE INDEX "Message_shop_email_sentAt_idx" ON "Message"("shop", "email", "sentAt");
CREATE INDEX "Message_shop_scenario_status_idx" ON "Message"("shop", "scenario", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "MessageEvent_key_key" ON "MessageEvent"("key");

-- CreateIndex
CREATE INDEX "MessageEvent_shop_scenario_type_at_idx" ON "MessageEvent"("shop", "scenario", "type", "at");

-- CreateIndex
CREATE INDEX "MessageEvent_messageId_idx" ON "MessageEvent"("messageId");

-- CreateIndex
CREATE UNIQUE INDEX "OnsiteEvent_key_key" ON "OnsiteEvent"("key");

-- CreateIndex
CREATE INDEX "OnsiteEvent_shop_scenario_type_at_idx" ON "OnsiteEvent"("shop", "scenario", "type", "at");

-- CreateIndex
CREATE INDEX "OnsiteEvent_shop_visitorId_at_idx" ON "OnsiteEvent"("shop", "visitorId", "at");

