import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/db.server";
import { claimDueMessages, renewLeases } from "~/.server/queue/claim";
import { markSentMany, markSkipped } from "~/.server/queue/complete";
import { recordSendAttempts } from "~/.server/queue/fail";
import { resetStaleLeases } from "~/.server/queue/reset-stale";
import { createTestDb, type TestDb } from "../../support/db";

const SHOP = "claim-shop.myshopify.com";
const NOW = new Date("2026-03-02T12:00:00Z");
const LEASE = 60_000;

let t: TestDb;
let second: Db;

beforeAll(async () => {
  t = await createTestDb();
  second = createDb(t.url);
});
afterAll(async () => {
  await second.$disconnect();
  await t.close();
});
beforeEach(async () => {
  await t.db.message.deleteMany();
});

async function seed(n: number, over: { runAt?: Date; status?: string } = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const m = await t.db.message.create({
      data: {
        key: `${SHOP}:welcome:customer:${over.status ?? "p"}-${over.runAt?.getTime() ?? 0}-${i}:0`,
        shop: SHOP,
        scenario: "welcome",
        step: 0,
        about: `customer:${i}`,
        email: `c${i}@example.com`,
        triggeredAt: new Date(NOW.getTime() - 3_600_000),
        runAt: over.runAt ?? new Date(NOW.getTime() - 60_000),
        status: over.status ?? "planned",
      },
    });
    ids.push(m.id);
  }
  return ids;
}

describe("claiming due messages", () => {
  it("never hands one message to two workers racing on the same database", async () => {
    const ids = await seed(30);
    const byWorker: Record<string, string[]> = { a: [], b: [] };
    for (let round = 0; round < 10; round++) {
      const [a, b] = await Promise.all([
        claimDueMessages(t.db, { workerId: "a", now: NOW, leaseMs: LEASE, limit: 7 }),
        claimDueMessages(second, { workerId: "b", now: NOW, leaseMs: LEASE, limit: 7 }),
      ]);
      // What a worker was handed is still its own: the other did not take it over in the meantime.
      for (const m of [...a, ...b]) {
        expect((await t.db.message.findUniqueOrThrow({ where: { id: m.id } })).leaseOwner).toBe(m.leaseOwner);
      }
      byWorker.a.push(...a.map((m) => m.id));
      byWorker.b.push(...b.map((m) => m.id));
      if (a.length === 0 && b.length === 0) break;
    }
    const all = [...byWorker.a, ...byWorker.b];
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(all)).toEqual(new Set(ids));
    expect(byWorker.a.length).toBeGreaterThan(0);
  });

  it("leaves future, sent and already-leased messages alone", async () => {
    await seed(2, { runAt: new Date(NOW.getTime() + 60_000) });
    await seed(1, { status: "sent" });
    await seed(1, { status: "skipped" });
    const [due] = await seed(1);
    const first = await claimDueMessages(t.db, { workerId: "a", now: NOW, leaseMs: LEASE, limit: 10 });
    expect(first.map((m) => m.id)).toEqual([due]);
    expect(first[0].leaseOwner).toMatch(/^a:/);
    expect(first[0].leaseUntil).toEqual(new Date(NOW.getTime() + LEASE));
    expect(await claimDueMessages(second, { workerId: "b", now: NOW, leaseMs: LEASE, limit: 10 })).toEqual([]);
  });

  it("skips the ids a pass has already handled", async () => {
    const ids = await seed(3);
    const got = await claimDueMessages(t.db, { workerId: "a", now: NOW, leaseMs: LEASE, limit: 10, exclude: ids.slice(0, 2) });
    expect(got.map((m) => m.id)).toEqual([ids[2]]);
  });

  it("gives a crashed worker's messages to another once the lease expires", async () => {
    const [id] = await seed(1);
    const crashed = await claimDueMessages(t.db, { workerId: "crashed", now: NOW, leaseMs: LEASE, limit: 10 });
    expect(crashed).toHaveLength(1);
    const stillLeased = new Date(NOW.getTime() + LEASE - 1);
    expect(await resetStaleLeases(second, stillLeased)).toBe(0);
    expect(await claimDueMessages(second, { workerId: "b", now: stillLeased, leaseMs: LEASE, limit: 10 })).toEqual([]);

    const later = new Date(NOW.getTime() + LEASE + 1);
    expect(await resetStaleLeases(second, later)).toBe(1);
    const taken = await claimDueMessages(second, { workerId: "b", now: later, leaseMs: LEASE, limit: 10 });
    expect(taken.map((m) => m.id)).toEqual([id]);
    expect(taken[0].leaseOwner).toMatch(/^b:/);
  });

  it("takes over an expired lease even before the stale leases are reset", async () => {
    const [id] = await seed(1);
    await claimDueMessages(t.db, { workerId: "slow", now: NOW, leaseMs: LEASE, limit: 10 });
    const later = new Date(NOW.getTime() + 2 * LEASE);
    const taken = await claimDueMessages(second, { workerId: "b", now: later, leaseMs: LEASE, limit: 10 });
    expect(taken.map((m) => m.id)).toEqual([id]);
  });

  it("does not let a worker that lost its lease overwrite the new holder's decision", async () => {
    await seed(1);
    const [stale] = await claimDueMessages(t.db, { workerId: "slow", now: NOW, leaseMs: LEASE, limit: 10 });
    const later = new Date(NOW.getTime() + 2 * LEASE);
    const [fresh] = await claimDueMessages(second, { workerId: "b", now: later, leaseMs: LEASE, limit: 10 });

    expect(await markSkipped(second, fresh, "no_consent", "the customer has not subscribed")).toBe(true);
    expect(await markSentMany(t.db, later, [{ claimed: stale, providerMessageId: "<late@x>", renderedSubject: "Hi", locale: "en" }])).toEqual([false]);

    const row = await t.db.message.findUniqueOrThrow({ where: { id: fresh.id } });
    expect(row).toMatchObject({ status: "skipped", reason: "no_consent", reasonDetail: "the customer has not subscribed", sentAt: null, leaseOwner: null, leaseUntil: null });
  });

  it("takes leases from the lease clock, not from the instant that decides what is due", async () => {
    await seed(1);
    const leaseNow = new Date(NOW.getTime() + 10 * LEASE);
    const [m] = await claimDueMessages(t.db, { workerId: "a", now: NOW, leaseNow, leaseMs: LEASE, limit: 10 });
    expect(m.leaseUntil).toEqual(new Date(leaseNow.getTime() + LEASE));
    // Still held by the lease clock, though long expired by the eligibility instant.
    expect(await claimDueMessages(second, { workerId: "b", now: NOW, leaseNow, leaseMs: LEASE, limit: 10 })).toEqual([]);
  });

  it("renews the leases of the claims a pass still holds, and no others", async () => {
    await seed(3);
    const mine = await claimDueMessages(t.db, { workerId: "a", now: NOW, leaseMs: LEASE, limit: 2 });
    const theirs = await claimDueMessages(second, { workerId: "b", now: NOW, leaseMs: LEASE, limit: 10 });
    await markSkipped(t.db, mine[0], "no_consent");
    const until = new Date(NOW.getTime() + 3 * LEASE);
    expect(await renewLeases(t.db, [mine[0].leaseOwner!], until)).toBe(1);
    const rows = await t.db.message.findMany({ orderBy: { id: "asc" } });
    expect(rows.find((r) => r.id === mine[1].id)?.leaseUntil).toEqual(until);
    expect(rows.find((r) => r.id === mine[0].id)?.leaseUntil).toBeNull();
    expect(rows.find((r) => r.id === theirs[0].id)?.leaseUntil).toEqual(new Date(NOW.getTime() + LEASE));
  });

  it("refuses the attempt before a send once the lease ran out, and extends a held one by a whole lease", async () => {
    await seed(2);
    const [held, lapsed] = await claimDueMessages(t.db, { workerId: "a", now: NOW, leaseMs: LEASE, limit: 2 });
    const soon = new Date(NOW.getTime() + LEASE / 2);
    expect(await recordSendAttempts(t.db, [held], { at: soon, leaseMs: LEASE })).toEqual([1]);
    expect((await t.db.message.findUniqueOrThrow({ where: { id: held.id } })).leaseUntil).toEqual(new Date(soon.getTime() + LEASE));
    // Nobody took it yet, but its lease is over: no send may start on it.
    expect(await recordSendAttempts(t.db, [lapsed], { at: new Date(NOW.getTime() + LEASE), leaseMs: LEASE })).toEqual([null]);
  });
});
