import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetStaleLeases } from "~/.server/queue/reset-stale";
import { createTestDb, type TestDb } from "../../support/db";
import { NOW, seedMessages } from "./seed";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.message.deleteMany();
});

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
