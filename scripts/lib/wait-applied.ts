// A webhook is answered once stored and applied right after: callers that read what it changed
// (tests, the demo) wait for that, and are told plainly if it never happens.
import type { Db } from "../../app/db.server";

export async function waitUntilApplied(db: Db, webhookIds: string[], timeoutMs = 15_000): Promise<void> {
  if (webhookIds.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    const waiting = await db.webhookDelivery.count({ where: { webhookId: { in: webhookIds }, outcome: "received" } });
    if (waiting === 0) return;
    if (Date.now() > deadline) throw new Error(`${waiting} stored webhook(s) still not applied after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
