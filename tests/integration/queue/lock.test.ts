// On SQLite one process dispatches at a time, by a lease row. A pass can last longer than that lease
// (a slow SMTP server, a backlog): the holder renews it while the pass runs, so a second process keeps
// standing by instead of starting a pass of its own beside it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailTransport } from "~/.server/channels/email/transport";
import { dispatcherLock } from "~/.server/queue/lock";
import { startDispatcher } from "~/.server/scheduler/tick";
import { installDemoShop } from "~/.server/shops";
import { createDb, type Db } from "~/db.server";
import { createTestDb, testDbKind, type TestDb } from "../../support/db";
import { seedDueMessages } from "../../faults/support/seed-due";
import { testDispatchDeps } from "../../support/dispatch-deps";

const LOCK_LEASE_MS = 300;
const SEND_MS = 1_500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(testDbKind() !== "sqlite")("the SQLite dispatcher lock during a long pass", () => {
  let t: TestDb;
  let other: Db;
  beforeAll(async () => {
    t = await createTestDb();
    other = createDb(t.url);
    await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
    await t.db.shop.updateMany({ data: { quietHoursStart: "", quietHoursEnd: "" } });
    await seedDueMessages(t.db, { count: 1, runAt: new Date(Date.now() - 60_000), tag: "lock" });
  });
  afterAll(async () => {
    await other?.$disconnect();
    await t?.close();
  });

  it(`is renewed while a pass runs longer than its ${LOCK_LEASE_MS} ms lease`, async () => {
    let sending = false;
    const slow: EmailTransport = {
      send: async () => {
        sending = true;
        await sleep(SEND_MS);
        return { ok: true, providerMessageId: "<slow@crm.example>" };
      },
      verify: async () => ({ ok: true }),
      close: () => {},
    };
    const deps = testDispatchDeps(t.db, slow, { identity: { workerId: "holder" } });
    const dispatcher = startDispatcher(deps, { cron: "* * * * * *", lock: dispatcherLock(t.db, "holder", LOCK_LEASE_MS) });
    try {
      while (!sending) await sleep(20);
      // A second process asks for the lock through the whole send, long after the first lease ran out.
      const second = dispatcherLock(other, "second", LOCK_LEASE_MS);
      const answers: boolean[] = [];
      for (let waited = 0; waited < SEND_MS - 300; waited += 100) {
        answers.push(await second.acquire(new Date()));
        await sleep(100);
      }
      expect(answers.length).toBeGreaterThan(5);
      expect(answers.filter(Boolean)).toEqual([]);
    } finally {
      await dispatcher.stop();
    }
    expect(await t.db.message.count({ where: { status: "sent" } })).toBe(1);
  }, 30_000);
});

describe("the dispatcher lock", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t?.close());

  it.skipIf(testDbKind() !== "sqlite")("is held by one process at a time, renewed by its holder, and free once released or run out", async () => {
    const at = new Date("2026-03-02T12:00:00Z");
    const a = dispatcherLock(t.db, "a", 1_000);
    const b = dispatcherLock(t.db, "b", 1_000);
    expect(await a.acquire(at)).toBe(true);
    expect(await b.acquire(at)).toBe(false);
    expect(await a.acquire(new Date(at.getTime() + 500))).toBe(true);
    expect(await a.holder()).toEqual({ owner: "a", until: new Date(at.getTime() + 1_500) });
    // The renewal moved the end: half a second after the first lease would have run out, it still holds.
    expect(await b.acquire(new Date(at.getTime() + 1_200))).toBe(false);
    expect(await b.acquire(new Date(at.getTime() + 1_500))).toBe(true);
    await a.release();
    expect((await b.holder())?.owner).toBe("b");
    await b.release();
    expect(await b.holder()).toBeNull();
  });

  it.skipIf(testDbKind() !== "postgres")("is not needed on PostgreSQL: every instance may dispatch", async () => {
    const lock = dispatcherLock(t.db, "a");
    expect(lock.leaseMs).toBeNull();
    expect(await lock.acquire(new Date())).toBe(true);
    expect(await dispatcherLock(t.db, "b").acquire(new Date())).toBe(true);
  });
});
