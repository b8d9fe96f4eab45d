// A worker that crashed mid-pass leaves leases behind; once they expire the messages are claimable again.
import type { Db } from "~/db.server";

/** Clears expired leases; returns how many messages were released. */
export async function resetStaleLeases(db: Db, now: Date): Promise<number> {
  const released = await db.message.updateMany({
    where: { leaseOwner: { not: null }, leaseUntil: { lte: now } },
    data: { leaseOwner: null, leaseUntil: null },
  });
  return released.count;
}
