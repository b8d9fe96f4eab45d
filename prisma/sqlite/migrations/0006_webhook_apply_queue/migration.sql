-- A webhook is answered once it is stored, and applied (projection and planning) right after: the
-- deliveries still to apply are found by outcome, oldest first, and failed applications are counted.
ALTER TABLE "WebhookDelivery" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "WebhookDelivery" ADD COLUMN "appliedAt" DATETIME;
CREATE INDEX "WebhookDelivery_outcome_receivedAt_idx" ON "WebhookDelivery"("outcome", "receivedAt");
