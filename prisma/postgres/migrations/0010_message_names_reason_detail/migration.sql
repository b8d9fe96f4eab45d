-- Message columns named for what they hold, and a stored reason split into its code and its detail.
ALTER TABLE "Message" RENAME COLUMN "subject" TO "about";
ALTER TABLE "Message" RENAME COLUMN "orderId" TO "orderShopifyId";
ALTER TABLE "Message" ADD COLUMN "reasonDetail" TEXT;
UPDATE "Message" SET "reasonDetail" = substr("reason", strpos("reason", ': ') + 2), "reason" = substr("reason", 1, strpos("reason", ': ') - 1)
WHERE strpos("reason", ': ') > 1 AND substr("reason", 1, strpos("reason", ': ') - 1) ~ '^[a-z_]+$';
UPDATE "Message" SET "reasonDetail" = "reason", "reason" = CASE "status" WHEN 'failed' THEN 'send_failed' ELSE 'other' END
WHERE "reason" IS NOT NULL AND "reasonDetail" IS NULL AND "reason" !~ '^[a-z_]+$';
