-- The exit-intent report counts visitors and customers per event type (offered, held out, shown…):
-- with both in the index, it reads the window's range of the index and never the rows. It replaces
-- the narrower index, which is its prefix.
DROP INDEX "OnsiteEvent_shop_scenario_type_at_idx";
CREATE INDEX "OnsiteEvent_shop_scenario_type_at_visitor_customer_idx" ON "OnsiteEvent"("shop", "scenario", "type", "at", "visitorId", "customerShopifyId");
