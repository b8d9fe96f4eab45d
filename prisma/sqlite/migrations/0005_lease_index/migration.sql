-- Leased messages are few however many are planned: reclaiming expired leases and reading back a
-- claim look only at them, so a dispatcher pass does not grow with the queue of future messages.
-- Partial, so the planner picks it with or without statistics and unleased messages cost it nothing.
-- Prisma's schema language has no partial indexes: this one lives in the migrations only.
CREATE INDEX "Message_leaseOwner_leaseUntil_idx" ON "Message"("leaseOwner", "leaseUntil") WHERE "leaseOwner" IS NOT NULL;
