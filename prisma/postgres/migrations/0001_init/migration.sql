-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
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
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL,
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
    "onboardedAt" TIMESTAMP(3),
    "installedAt" TIMESTAMP(3) NOT NULL,
    "uninstalledAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("domain")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "triggeredAt" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "eventCount" INTEGER NOT NULL DEFAULT 0,
    "payload" TEXT,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "email" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "locale" TEXT,
    "emailConsent" TEXT NOT NULL DEFAULT 'unknown',
    "consentUpdatedAt" TIMESTAMP(3),
    "ordersCount" INTEGER NOT NULL DEFAULT 0,
    "lastOrderAt" TIMESTAMP(3),
    "totalSpentCents" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT,
    "signedUpAt" TIMESTAMP(3),
    "sourceUpdatedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Checkout" (
    "id" TEXT NOT NULL,
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
    "startedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),
    "completedByOrder" TEXT,
    "sourceUpdatedAt" TIMESTAMP(3),

    CONSTRAINT "Checkout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL,
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
    "placedAt" TIMESTAMP(3) NOT NULL,
    "cancelledAt" TIMESTAMP(3),
    "refundedAt" TIMESTAMP(3),
    "fulfilledAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "sourceUpdatedAt" TIMESTAMP(3),

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Coupon" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "scenario" TEXT NOT NULL,
    "issueKey" TEXT NOT NULL,
    "customerShopifyId" TEXT,
    "email" TEXT,
    "percentOff" INTEGER NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "visitorId" TEXT,
    "discountId" TEXT,
    "usedAt" TIMESTAMP(3),
    "usedByOrder" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Coupon_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScenarioSetting" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "scenario" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "templates" TEXT NOT NULL DEFAULT '{}',
    "abTest" TEXT NOT NULL DEFAULT '{}',
    "holdoutPercent" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScenarioSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Suppression" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Suppression_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL,
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
    "triggeredAt" TIMESTAMP(3) NOT NULL,
    "runAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "providerMessageId" TEXT,
    "locale" TEXT,
    "renderedSubject" TEXT,
    "variant" TEXT,
    "holdout" BOOLEAN NOT NULL DEFAULT false,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "lastClickedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageEvent" (
    "id" TEXT NOT NULL,
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
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnsiteEvent" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "scenario" TEXT NOT NULL DEFAULT 'exit-intent',
    "visitorId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "offerKind" TEXT,
    "customerShopifyId" TEXT,
    "couponCode" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OnsiteEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DispatcherLock" (
    "name" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DispatcherLock_pkey" PRIMARY KEY ("name")
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
CREATE INDEX "Coupon_shop_scenario_usedAt_idx" ON "Coupon"("shop", "scenario", "usedAt");

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
CREATE INDEX "Message_shop_updatedAt_idx" ON "Message"("shop", "updatedAt");

-- CreateIndex
CREATE INDEX "Message_shop_email_sentAt_idx" ON "Message"("shop", "email", "sentAt");

-- CreateIndex
CREATE INDEX "Message_shop_scenario_status_idx" ON "Message"("shop", "scenario", "status");

-- CreateIndex
CREATE INDEX "Message_shop_updatedAt_scenario_status_holdout_test_sentAt_idx" ON "Message"("shop", "updatedAt", "scenario", "status", "holdout", "test", "sentAt");

-- CreateIndex
CREATE INDEX "Message_shop_status_holdout_test_scenario_sentAt_idx" ON "Message"("shop", "status", "holdout", "test", "scenario", "sentAt");

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

