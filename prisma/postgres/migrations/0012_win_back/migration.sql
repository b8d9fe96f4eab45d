-- Win-back: the hourly job finds buyers who turned dormant by their last order.
CREATE INDEX "Customer_shop_lastOrderAt_idx" ON "Customer"("shop", "lastOrderAt");
