// Hands claimed messages back to the queue before their lease runs out.
import type { Message } from "@prisma/client";
import type { Db } from "~/db.server";
import { WAITING_STATUSES } from "~/domain/types";

/** Hands back claimed messages not yet started (on shutdown), so another instance takes them now. */
export async function releaseClaims(db: Db, claimed: Pick<Message, "id" | "leaseOwner">[]): Promise<number> {
  const tokens = [...new Set(claimed.map((m) => m.leaseOwner).filter((t): t is string => t !== null))];
  if (tokens.length === 0) return 0;
  const released = await db.message.updateMany({
    where: { id: { in: claimed.map((m) => m.id) }, leaseOwner: { in: tokens }, status: { in: [...WAITING_STATUSES] } },
    data: { leaseOwner: null, leaseUntil: null },
  });
  return released.count;
}
