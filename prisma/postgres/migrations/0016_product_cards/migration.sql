-- Products in the emails: the line items of orders (what a person bought, what is bought together) and
-- each variant's card as the Admin API gave it, kept until the product changes (ADR 019).
-- CreateTable
CREATE TABLE "OrderLine" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderShopifyId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "productShopifyId" TEXT,
    "variantShopifyId" TEXT,
    "title" TEXT NOT NULL,
    "variantTitle" TEXT,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "priceCents" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT,
    "placedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VariantCard" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "variantShopifyId" TEXT NOT NULL,
    "productShopifyId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "variantTitle" TEXT,
    "imageUrl" TEXT,
    "imageAlt" TEXT,
    "productUpdatedAt" TIMESTAMP(3),
    "fetchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VariantCard_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrderLine_shop_productShopifyId_placedAt_orderShopifyId_idx" ON "OrderLine"("shop", "productShopifyId", "placedAt", "orderShopifyId");

-- CreateIndex
CREATE INDEX "OrderLine_shop_placedAt_productShopifyId_orderShopifyId_idx" ON "OrderLine"("shop", "placedAt", "productShopifyId", "orderShopifyId");

-- CreateIndex
CREATE UNIQUE INDEX "OrderLine_shop_orderShopifyId_position_key" ON "OrderLine"("shop", "orderShopifyId", "position");

-- CreateIndex
CREATE INDEX "VariantCard_shop_productShopifyId_idx" ON "VariantCard"("shop", "productShopifyId");

-- CreateIndex
CREATE UNIQUE INDEX "VariantCard_shop_variantShopifyId_key" ON "VariantCard"("shop", "variantShopifyId");
