import { describe, expect, it } from "vitest";
import { resetStaleLeases } from "~/.server/queue/reset-stale";
import { NOW, seedMessages, queueTestDb } from "./seed";

const t = queueTestDb();

describe("reset-stale", () => {
  it("frees the leases that ran out and keeps the ones still running", async () => {
    const [expired] = await seedMessages(t.db, 1, { leaseOwner: "crashed:1", leaseUntil: new Date(NOW.getTime() - 1) });
    const [running] = await seedMessages(t.db, 1, { leaseOwner: "alive:1", leaseUntil: new Date(NOW.getTime() + 60_000) });
    await seedMessages(t.db, 1);
    expect(await resetStaleLeases(t.db, NOW)).toBe(1);
    expect(await t.db.message.findUniqueOrThrow({ where: { id: expired.id } })).toMatchObject({ leaseOwner: null, leaseUntil: null, status: "planned" });
    expect((await t.db.message.findUniqueOrThrow({ where: { id: running.id } })).leaseOwner).toBe("alive:1");
  });
});
