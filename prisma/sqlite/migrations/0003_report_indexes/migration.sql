-- The scenarios page reads indexes only, however many older messages the shop has: this week's
-- decisions by status (a range on updatedAt), and the KPI's audiences (one seek per status, holdout
-- group and scenario, then a range on sentAt).
CREATE INDEX "Message_shop_updatedAt_scenario_status_holdout_test_sentAt_idx" ON "Message"("shop", "updatedAt", "scenario", "status", "holdout", "test", "sentAt");
CREATE INDEX "Message_shop_status_holdout_test_scenario_sentAt_idx" ON "Message"("shop", "status", "holdout", "test", "scenario", "sentAt");

-- Exit-intent conversions are the storefront codes used in the window.
CREATE INDEX "Coupon_shop_scenario_usedAt_idx" ON "Coupon"("shop", "scenario", "usedAt");
