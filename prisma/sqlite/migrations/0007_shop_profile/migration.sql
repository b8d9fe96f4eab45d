-- The shop's primary domain (links in emails), and whether its profile was read whole from Shopify:
-- an install whose profile read failed keeps defaults and is read again later.
ALTER TABLE "Shop" ADD COLUMN "primaryDomain" TEXT;
ALTER TABLE "Shop" ADD COLUMN "profileReadAt" DATETIME;
