-- A newly installed store's existing customers, read with one Admin API bulk operation per shop.
CREATE TABLE "Backfill" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "operationId" TEXT,
    "requestedAt" DATETIME NOT NULL,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "importedAt" DATETIME,
    "objectCount" INTEGER NOT NULL DEFAULT 0,
    "customersImported" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextCheckAt" DATETIME,
    "error" TEXT,
    "updatedAt" DATETIME NOT NULL
);
