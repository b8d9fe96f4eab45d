-- Lifecycle jobs: win-back finds buyers who turned dormant by their last order, and the consent
-- notice finds subscribers whose consent turned two years old.
CREATE INDEX "Customer_shop_lastOrderAt_idx" ON "Customer"("shop", "lastOrderAt");
CREATE INDEX "Customer_shop_emailConsent_consentUpdatedAt_idx" ON "Customer"("shop", "emailConsent", "consentUpdatedAt");
-- Browse and cart reminders name the product they are about.
ALTER TABLE "Message" ADD COLUMN "productShopifyId" TEXT;
