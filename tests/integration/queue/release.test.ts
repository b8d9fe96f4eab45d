import { describe, expect, it } from "vitest";
import { claimDueMessages } from "~/.server/queue/claim";
import { releaseClaims } from "~/.server/queue/release";
import { NOW, seedMessages, queueTestDb } from "./seed";

const t = queueTestDb();

describe("release", () => {
  it("hands back what is still claimed and waiting, so the next claim takes it at once", async () => {
    await seedMessages(t.db, 4);
    const claimed = await claimDueMessages(t.db, { workerId: "a", now: NOW, leaseMs: 600_000, limit: 4 });
    // One of them was decided before the shutdown: it keeps its outcome.
    await t.db.message.update({ where: { id: claimed[0].id }, data: { status: "sent", leaseOwner: null, leaseUntil: null } });
    expect(await releaseClaims(t.db, claimed)).toBe(3);
    const again = await claimDueMessages(t.db, { workerId: "b", now: NOW, leaseMs: 600_000, limit: 10 });
    expect(again.map((m) => m.id).sort()).toEqual(claimed.slice(1).map((m) => m.id).sort());
  });

  it("does not release a message another worker holds now", async () => {
    const [m] = await seedMessages(t.db, 1);
    const [mine] = await claimDueMessages(t.db, { workerId: "a", now: NOW, leaseMs: 1_000, limit: 1 });
    const later = new Date(NOW.getTime() + 2_000);
    const [theirs] = await claimDueMessages(t.db, { workerId: "b", now: later, leaseMs: 600_000, limit: 1 });
    expect(theirs.id).toBe(m.id);
    expect(await releaseClaims(t.db, [mine])).toBe(0);
    expect((await t.db.message.findUniqueOrThrow({ where: { id: m.id } })).leaseOwner).toBe(theirs.leaseOwner);
  });

  it("releases nothing for claims that carry no token", async () => {
    const [m] = await seedMessages(t.db, 1);
    expect(await releaseClaims(t.db, [{ id: m.id, leaseOwner: null }])).toBe(0);
  });
});
