-- Segments: the shop's thresholds, and each scenario's audience (segments included and excluded).
ALTER TABLE "Shop" ADD COLUMN "segmentLoyalOrders" INTEGER NOT NULL DEFAULT 3;
ALTER TABLE "Shop" ADD COLUMN "segmentVipTopPercent" INTEGER NOT NULL DEFAULT 5;
ALTER TABLE "Shop" ADD COLUMN "segmentVipMinSpentCents" INTEGER;
ALTER TABLE "Shop" ADD COLUMN "segmentDormantDays" INTEGER NOT NULL DEFAULT 90;
ALTER TABLE "Shop" ADD COLUMN "segmentEngagedDays" INTEGER NOT NULL DEFAULT 30;
ALTER TABLE "ScenarioSetting" ADD COLUMN "audience" TEXT NOT NULL DEFAULT '{}';
CREATE INDEX "Customer_shop_totalSpentCents_idx" ON "Customer"("shop", "totalSpentCents");
