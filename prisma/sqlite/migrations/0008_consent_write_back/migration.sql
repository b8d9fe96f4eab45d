-- An unsubscribe through our emails is written back to the customer's email marketing consent in
-- Shopify (a shop setting, on by default), retried until Shopify takes it.
ALTER TABLE "Shop" ADD COLUMN "consentWriteBack" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Suppression" ADD COLUMN "shopifySync" TEXT NOT NULL DEFAULT 'none';
ALTER TABLE "Suppression" ADD COLUMN "shopifySyncAttempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Suppression" ADD COLUMN "shopifySyncAfter" DATETIME;
ALTER TABLE "Suppression" ADD COLUMN "shopifySyncError" TEXT;
