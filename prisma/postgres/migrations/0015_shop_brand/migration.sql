-- The shop's brand (ADR 020): accent colour, button style, font stack and logo, and the logos it uploaded.
-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "brandAccent" TEXT NOT NULL DEFAULT '#0b6bcb';
ALTER TABLE "Shop" ADD COLUMN "brandButtonFill" TEXT NOT NULL DEFAULT 'filled';
ALTER TABLE "Shop" ADD COLUMN "brandButtonShape" TEXT NOT NULL DEFAULT 'rounded';
ALTER TABLE "Shop" ADD COLUMN "brandFont" TEXT NOT NULL DEFAULT 'sans';
ALTER TABLE "Shop" ADD COLUMN "brandLogoUrl" TEXT;
ALTER TABLE "Shop" ADD COLUMN "brandLogoFile" TEXT;

-- CreateTable
CREATE TABLE "ShopLogo" (
    "shop" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopLogo_pkey" PRIMARY KEY ("shop","sha256")
);

-- CreateIndex
CREATE INDEX "ShopLogo_shop_createdAt_idx" ON "ShopLogo"("shop", "createdAt");
