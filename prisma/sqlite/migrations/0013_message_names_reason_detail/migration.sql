-- Message columns named for what they hold, and a stored reason split into its code and its detail.
ALTER TABLE "Message" RENAME COLUMN "subject" TO "about";
ALTER TABLE "Message" RENAME COLUMN "orderId" TO "orderShopifyId";
ALTER TABLE "Message" ADD COLUMN "reasonDetail" TEXT;
UPDATE "Message" SET "reasonDetail" = substr("reason", instr("reason", ': ') + 2), "reason" = substr("reason", 1, instr("reason", ': ') - 1)
WHERE instr("reason", ': ') > 1 AND substr("reason", 1, instr("reason", ': ') - 1) NOT GLOB '*[^a-z_]*';
UPDATE "Message" SET "reasonDetail" = "reason", "reason" = CASE "status" WHEN 'failed' THEN 'send_failed' ELSE 'other' END
WHERE "reason" IS NOT NULL AND "reasonDetail" IS NULL AND "reason" GLOB '*[^a-z_]*';
