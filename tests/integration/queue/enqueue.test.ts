import { describe, expect, it } from "vitest";
import type { PlanAction, PlannedMessage } from "~/domain/types";
import { applyPlan } from "~/.server/queue/enqueue";
import { NOW, SHOP, seedMessages, queueTestDb } from "./seed";

const t = queueTestDb();

function planned(key: string, runAt = NOW): PlannedMessage {
  return {
    key,
    scenario: "welcome",
    step: 0,
    about: "customer:1",
    customerShopifyId: "1",
    email: "Ann@Example.com",
    checkoutToken: null,
    orderShopifyId: null,
    couponCode: null,
    triggeredAt: new Date(NOW.getTime() - 60_000),
    runAt,
  };
}

describe("enqueue (applyPlan)", () => {
  it("plans a message once per key: planning it again changes nothing", async () => {
    const action: PlanAction = { type: "plan", message: planned(`${SHOP}:welcome:customer:1:0`) };
    expect(await applyPlan(t.db, SHOP, [action])).toEqual({ planned: [action.message.key], rescheduled: [] });
    const again = await applyPlan(t.db, SHOP, [{ type: "plan", message: { ...action.message, runAt: new Date(NOW.getTime() + 1) } }]);
    expect(again).toEqual({ planned: [], rescheduled: [] });
    const rows = await t.db.message.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "planned", email: "ann@example.com", runAt: NOW });
  });

  it("moves a waiting message, and never one that is sent, decided or claimed", async () => {
    const [waiting] = await seedMessages(t.db, 1, { status: "deferred" });
    const [sent] = await seedMessages(t.db, 1, { status: "sent" });
    const [claimed] = await seedMessages(t.db, 1, { leaseOwner: "w:1", leaseUntil: new Date(NOW.getTime() + 60_000) });
    const later = new Date(NOW.getTime() + 3_600_000);
    const result = await applyPlan(
      t.db,
      SHOP,
      [waiting, sent, claimed].map((m) => ({ type: "reschedule", key: m.key, runAt: later, triggeredAt: NOW }) as PlanAction),
    );
    expect(result.rescheduled).toEqual([waiting.key]);
    expect(await t.db.message.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({ runAt: later, status: "planned", reason: null });
    expect((await t.db.message.findUniqueOrThrow({ where: { id: sent.id } })).runAt).toEqual(sent.runAt);
    expect((await t.db.message.findUniqueOrThrow({ where: { id: claimed.id } })).runAt).toEqual(claimed.runAt);
  });
});
