-- Modal signups are confirmed from the shopper inbox (double opt-in) unless the shop chooses
-- single opt-in, marketing goes From the merchant address only once they verified it, a click
-- token redirects only to a link recorded for its message, request limits are shared in the database.
ALTER TABLE "Shop" ADD COLUMN "signupOptIn" TEXT NOT NULL DEFAULT 'double';
ALTER TABLE "Shop" ADD COLUMN "senderVerifiedEmail" TEXT;
ALTER TABLE "Shop" ADD COLUMN "senderVerifiedAt" TIMESTAMP(3);
ALTER TABLE "Shop" ADD COLUMN "senderVerifySentAt" TIMESTAMP(3);
ALTER TABLE "Message" ADD COLUMN "links" TEXT;
CREATE TABLE "PendingSignup" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "customerShopifyId" TEXT,
    "locale" TEXT,
    "addressDigest" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "emailSentAt" TIMESTAMP(3),
    "emailAttempts" INTEGER NOT NULL DEFAULT 0,
    "emailError" TEXT,
    "nextAttemptAt" TIMESTAMP(3),

    CONSTRAINT "PendingSignup_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "PendingSignup_shop_email_idx" ON "PendingSignup"("shop", "email");
CREATE INDEX "PendingSignup_status_nextAttemptAt_idx" ON "PendingSignup"("status", "nextAttemptAt");
CREATE INDEX "PendingSignup_expiresAt_idx" ON "PendingSignup"("expiresAt");
CREATE TABLE "RateLimiterFlexible" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "expire" TIMESTAMP(3),

    CONSTRAINT "RateLimiterFlexible_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "RateLimiterFlexible_expire_idx" ON "RateLimiterFlexible"("expire");
