// What a stored shopper event means for the browse and cart reminders (~/domain/shopper-reminders):
// planned as the events are kept, idempotent by key, so a batch sent twice plans nothing more.
import type { Db } from "~/db.server";
import { planShopperReminder } from "~/domain/shopper-reminders";
import { applyPlan } from "~/.server/queue/enqueue";
import { loadShopScenarios } from "~/.server/shops";
import type { ShopperEventRow } from "./store";

/** Plans the reminders a shopper's events call for; how many were new. The earliest event of a week sets its time. */
export async function planShopperReminders(db: Db, shop: string, who: { customerShopifyId: string; email: string }, rows: ShopperEventRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const scenarios = await loadShopScenarios(db, shop);
  const ctx = { shop, enabled: scenarios.enabled, settings: scenarios.settings };
  const actions = [...rows]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .flatMap((r) => planShopperReminder({ type: r.type, customerShopifyId: who.customerShopifyId, email: who.email, productId: r.productId, at: r.at }, ctx));
  if (actions.length === 0) return 0;
  return (await db.$transaction((tx) => applyPlan(tx, shop, actions))).planned.length;
}
