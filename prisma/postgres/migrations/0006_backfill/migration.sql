-- A newly installed store's existing customers, read with one Admin API bulk operation per shop.
CREATE TABLE "Backfill" (
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "operationId" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "importedAt" TIMESTAMP(3),
    "objectCount" INTEGER NOT NULL DEFAULT 0,
    "customersImported" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextCheckAt" TIMESTAMP(3),
    "error" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Backfill_pkey" PRIMARY KEY ("shop")
);
