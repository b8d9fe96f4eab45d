-- Modal signups are confirmed from the shopper inbox (double opt-in) unless the shop chooses
-- single opt-in, marketing goes From the merchant address only once they verified it, a click
-- token redirects only to a link recorded for its message, request limits are shared in the database.
ALTER TABLE "Shop" ADD COLUMN "signupOptIn" TEXT NOT NULL DEFAULT 'double';
ALTER TABLE "Shop" ADD COLUMN "senderVerifiedEmail" TEXT;
ALTER TABLE "Shop" ADD COLUMN "senderVerifiedAt" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "senderVerifySentAt" DATETIME;
ALTER TABLE "Message" ADD COLUMN "links" TEXT;
CREATE TABLE "PendingSignup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "customerShopifyId" TEXT,
    "locale" TEXT,
    "addressDigest" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "confirmedAt" DATETIME,
    "emailSentAt" DATETIME,
    "emailAttempts" INTEGER NOT NULL DEFAULT 0,
    "emailError" TEXT,
    "nextAttemptAt" DATETIME
);
CREATE INDEX "PendingSignup_shop_email_idx" ON "PendingSignup"("shop", "email");
CREATE INDEX "PendingSignup_status_nextAttemptAt_idx" ON "PendingSignup"("status", "nextAttemptAt");
CREATE INDEX "PendingSignup_expiresAt_idx" ON "PendingSignup"("expiresAt");
CREATE TABLE "RateLimiterFlexible" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "points" INTEGER NOT NULL,
    "expire" DATETIME
);
CREATE INDEX "RateLimiterFlexible_expire_idx" ON "RateLimiterFlexible"("expire");
