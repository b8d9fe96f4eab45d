import type { Prisma } from "@prisma/client";
import type { PlanAction } from "~/domain/types";

type Tx = Prisma.TransactionClient;

export type EnqueueResult = { planned: string[]; rescheduled: string[] };

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
        const m = action.message;
        const existing = await tx.message.findUnique({ where: { key: m.key }, select: { id: true } });
        if (existing) break;
        await tx.message.create({
          data: {
            key: m.key,
            shop,
            scenario: m.scenario,
            step: m.step,
            subject: m.subject,
            customerShopifyId: m.customerShopifyId,
            email: m.email?.toLowerCase() ?? null,
            checkoutToken: m.checkoutToken,
            orderId: m.orderId,
            couponCode: m.couponCode,
            triggeredAt: m.triggeredAt,
            runAt: m.runAt,
            status: "planned",
          },
        });
        result.planned.push(m.key);
        break;
      }
      case "reschedule": {
        const moved = await tx.message.updateMany({
          where: { key: action.key, status: { in: ["planned", "deferred"] }, leaseOwner: null, runAt: { not: action.runAt } },
          data: { runAt: action.runAt, triggeredAt: action.triggeredAt, status: "planned", reason: null },
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
