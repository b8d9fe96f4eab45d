-- Exit-intent codes for anonymous visitors are capped per shop and per address per day, in the
-- database so that every instance shares the count.
ALTER TABLE "Shop" ADD COLUMN "anonymousCodesPerDay" INTEGER NOT NULL DEFAULT 100;
CREATE TABLE "UsageCounter" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" DATETIME NOT NULL
);
CREATE INDEX "UsageCounter_expiresAt_idx" ON "UsageCounter"("expiresAt");
