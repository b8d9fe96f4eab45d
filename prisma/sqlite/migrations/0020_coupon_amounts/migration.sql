-- A code takes a percentage or a fixed amount off (amountOffCents set: percentOff is 0 then), and may
-- ask for a minimum order subtotal, both in the shop's currency, in cents.
ALTER TABLE "Coupon" ADD COLUMN "amountOffCents" INTEGER;
ALTER TABLE "Coupon" ADD COLUMN "minimumSubtotalCents" INTEGER;
