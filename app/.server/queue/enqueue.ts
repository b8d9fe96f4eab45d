import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import type { MessageStatus, PlanAction, PlannedMessage } from "~/domain/types";

type Tx = Prisma.TransactionClient;

export type EnqueueResult = { planned: string[]; rescheduled: string[] };

/** A message to plan: one of the scenarios', or a notice the app owes (~/domain/consent-notice). */
export type Plannable = Omit<PlannedMessage, "scenario"> & { scenario: string };

/**
 * Plans one message unless its key exists. One statement whether or not the key exists (the same SQL
 * on SQLite and PostgreSQL): planning a key again inserts nothing and returns no row. `updatedAt` as
 * Prisma's @updatedAt would set it. True when it was planned now.
 */
export async function insertPlanned(tx: Tx, shop: string, m: Plannable): Promise<boolean> {
  const now = new Date();
  const rows = await tx.$queryRaw<{ key: string }[]>`
    INSERT INTO "Message" ("id", "key", "shop", "scenario", "step", "about", "customerShopifyId", "email", "checkoutToken",
      "orderShopifyId", "couponCode", "productShopifyId", "triggeredAt", "runAt", "status", "createdAt", "updatedAt")
    VALUES (${randomUUID()}, ${m.key}, ${shop}, ${m.scenario}, ${m.step}, ${m.about}, ${m.customerShopifyId}, ${m.email?.toLowerCase() ?? null},
      ${m.checkoutToken}, ${m.orderShopifyId}, ${m.couponCode}, ${m.productShopifyId ?? null}, ${m.triggeredAt}, ${m.runAt}, ${"planned" satisfies MessageStatus}, ${now}, ${now})
    ON CONFLICT ("key") DO NOTHING
    RETURNING "key"`;
  return rows.length > 0;
}

/**
 * Applies the planner's actions. Idempotent by message key: planning a key that exists changes
 * nothing, so a duplicate webhook or a retried job never plans twice. A reschedule only moves a
 * message that has not been sent or decided yet.
 */
export async function applyPlan(tx: Tx, shop: string, actions: PlanAction[]): Promise<EnqueueResult> {
  const result: EnqueueResult = { planned: [], rescheduled: [] };
  for (const action of actions) {
    switch (action.type) {
      case "plan": {
        if (await insertPlanned(tx, shop, action.message)) result.planned.push(action.message.key);
        break;
      }
      case "reschedule": {
        const moved = await tx.message.updateMany({
          where: { key: action.key, status: { in: ["planned", "deferred"] }, leaseOwner: null, runAt: { not: action.runAt } },
          data: { runAt: action.runAt, triggeredAt: action.triggeredAt, status: "planned", reason: null, reasonDetail: null },
        });
        if (moved.count > 0) result.rescheduled.push(action.key);
        break;
      }
      default: {
        const never: never = action;
        throw new Error(`unknown plan action ${JSON.stringify(never)}`);
      }
    }
  }
  return result;
}
