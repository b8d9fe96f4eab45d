-- The scenarios page counts a shop's recent messages by scenario, status and holdout group: a
-- covering index lets it read the index alone, however many older messages the shop has.
CREATE INDEX "Message_shop_updatedAt_scenario_status_holdout_test_sentAt_idx" ON "Message"("shop", "updatedAt", "scenario", "status", "holdout", "test", "sentAt");

-- Exit-intent conversions are the storefront codes used in the window.
CREATE INDEX "Coupon_shop_scenario_usedAt_idx" ON "Coupon"("shop", "scenario", "usedAt");
