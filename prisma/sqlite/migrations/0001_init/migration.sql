-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Shop" (
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
    "installedAt" DATETIME NOT NULL,
    "uninstalledAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "webhookId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "triggeredAt" DATETIME,
    "receivedAt" DATETIME NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "eventCount" INTEGER NOT NULL DEFAULT 0,
    "payload" TEXT
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "email" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "locale" TEXT,
    "emailConsent" TEXT NOT NULL DEFAULT 'unknown',
    "consentUpdatedAt" DATETIME,
    "ordersCount" INTEGER NOT NULL DEFAULT 0,
    "lastOrderAt" DATETIME,
    "totalSpentCents" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT,
    "signedUpAt" DATETIME,
    "sourceUpdatedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Checkout" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "email" TEXT,
    "customerShopifyId" TEXT,
    "firstName" TEXT,
    "locale" TEXT,
    "recoveryUrl" TEXT,
    "acceptsMarketing" BOOLEAN NOT NULL DEFAULT false,
    "lineItems" TEXT NOT NULL DEFAULT '[]',
    "totalPriceCents" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT,
    "startedAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    "completedByOrder" TEXT,
    "sourceUpdatedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "name" TEXT,
    "checkoutToken" TEXT,
    "customerShopifyId" TEXT,
    "email" TEXT,
    "acceptsMarketing" BOOLEAN NOT NULL DEFAULT false,
    "discountCodes" TEXT NOT NULL DEFAULT '[]',
    "totalPriceCents" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT,
    "financialStatus" TEXT,
    "placedAt" DATETIME NOT NULL,
    "cancelledAt" DATETIME,
    "refundedAt" DATETIME,
    "fulfilledAt" DATETIME,
    "deliveredAt" DATETIME,
    "sourceUpdatedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Coupon" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "scenario" TEXT NOT NULL,
    "issueKey" TEXT NOT NULL,
    "customerShopifyId" TEXT,
    "email" TEXT,
    "percentOff" INTEGER NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "discountId" TEXT,
    "usedAt" DATETIME,
    "usedByOrder" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ScenarioSetting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "scenario" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "templates" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Suppression" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Message" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_webhookId_key" ON "WebhookDelivery"("webhookId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_shop_receivedAt_idx" ON "WebhookDelivery"("shop", "receivedAt");

-- CreateIndex
CREATE INDEX "Customer_shop_email_idx" ON "Customer"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_shop_shopifyId_key" ON "Customer"("shop", "shopifyId");

-- CreateIndex
CREATE UNIQUE INDEX "Checkout_shop_token_key" ON "Checkout"("shop", "token");

-- CreateIndex
CREATE INDEX "Order_shop_checkoutToken_idx" ON "Order"("shop", "checkoutToken");

-- CreateIndex
CREATE INDEX "Order_shop_customerShopifyId_idx" ON "Order"("shop", "customerShopifyId");

-- CreateIndex
CREATE INDEX "Order_shop_email_idx" ON "Order"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Order_shop_shopifyId_key" ON "Order"("shop", "shopifyId");

-- CreateIndex
CREATE UNIQUE INDEX "Coupon_issueKey_key" ON "Coupon"("issueKey");

-- CreateIndex
CREATE UNIQUE INDEX "Coupon_shop_code_key" ON "Coupon"("shop", "code");

-- CreateIndex
CREATE UNIQUE INDEX "ScenarioSetting_shop_scenario_key" ON "ScenarioSetting"("shop", "scenario");

-- CreateIndex
CREATE UNIQUE INDEX "Suppression_shop_email_key" ON "Suppression"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Message_key_key" ON "Message"("key");

-- CreateIndex
CREATE INDEX "Message_status_runAt_idx" ON "Message"("status", "runAt");

-- CreateIndex
CREATE INDEX "Message_shop_email_sentAt_idx" ON "Message"("shop", "email", "sentAt");

-- CreateIndex
CREATE INDEX "Message_shop_scenario_status_idx" ON "Message"("shop", "scenario", "status");

