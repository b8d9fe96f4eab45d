-- Web pixel: each shop's pixel key and its activation in Shopify, and the product views and add-to-carts
-- of identified shoppers that the pixel reported.
-- CreateTable
CREATE TABLE "ShopPixel" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "webPixelId" TEXT,
    "endpoint" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextCheckAt" DATETIME,
    "requestedAt" DATETIME NOT NULL,
    "activatedAt" DATETIME,
    "error" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ShopperEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "customerShopifyId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT,
    "at" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ShopPixel_status_nextCheckAt_idx" ON "ShopPixel"("status", "nextCheckAt");

-- CreateIndex
CREATE INDEX "ShopperEvent_shop_customerShopifyId_at_idx" ON "ShopperEvent"("shop", "customerShopifyId", "at");

-- CreateIndex
CREATE INDEX "ShopperEvent_at_idx" ON "ShopperEvent"("at");

-- CreateIndex
CREATE UNIQUE INDEX "ShopperEvent_shop_eventId_key" ON "ShopperEvent"("shop", "eventId");
