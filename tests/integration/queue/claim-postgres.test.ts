// Several app instances on one PostgreSQL database: concurrent claimers never share a message, a row
// another instance is leasing is skipped rather than waited for, and a crashed holder's messages come
// back after its lease.
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/db.server";
import { pgConnection } from "~/database-url";
import { claimDueMessages } from "~/.server/queue/claim";
import { releaseClaims } from "~/.server/queue/release";
import { createTestDb, testDbKind, type TestDb } from "../../support/db";

const SHOP = "instances.myshopify.com";
const NOW = new Date("2026-03-02T12:00:00Z");
const LEASE = 60_000;

describe.skipIf(testDbKind() !== "postgres")("claims on PostgreSQL shared by several instances", () => {
  let t: TestDb;
  let instances: Db[];

  beforeAll(async () => {
    t = await createTestDb();
    instances = [t.db, createDb(t.url), createDb(t.url), createDb(t.url)];
  });
  afterAll(async () => {
    for (const db of instances.slice(1)) await db.$disconnect();
    await t.close();
  });
  beforeEach(async () => {
    await t.db.message.deleteMany();
  });

  async function seed(n: number): Promise<string[]> {
    await t.db.message.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        key: `${SHOP}:welcome:customer:${i}:0`,
        shop: SHOP,
        scenario: "welcome",
        step: 0,
        about: `customer:${i}`,
        email: `c${i}@example.com`,
        triggeredAt: new Date(NOW.getTime() - 3_600_000),
        runAt: new Date(NOW.getTime() - 60_000 - i),
        status: "planned",
      })),
    });
    return (await t.db.message.findMany({ select: { id: true } })).map((m) => m.id);
  }

  it("four instances claiming at once get disjoint messages, and together all of them", async () => {
    const ids = await seed(200);
    const got: string[][] = [[], [], [], []];
    for (;;) {
      const batches = await Promise.all(instances.map((db, i) => claimDueMessages(db, { workerId: `w${i}`, now: NOW, leaseMs: LEASE, limit: 9 })));
      batches.forEach((batch, i) => got[i].push(...batch.map((m) => m.id)));
      if (batches.every((b) => b.length === 0)) break;
    }
    const all = got.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(all)).toEqual(new Set(ids));
    const owners = await t.db.message.findMany({ select: { id: true, leaseOwner: true } });
    got.forEach((claimed, i) => {
      for (const id of claimed) expect(owners.find((o) => o.id === id)?.leaseOwner).toMatch(new RegExp(`^w${i}:`));
    });
  });

  it("skips a message another instance has locked instead of waiting for it", async () => {
    const [first] = await t.db.message.findMany({ where: { id: { in: await seed(3) } }, orderBy: { runAt: "asc" }, take: 1 });
    const { connectionString, schema } = pgConnection(t.url);
    const other = new pg.Client({ connectionString, options: `-c search_path="${schema}"` });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(`SELECT "id" FROM "Message" WHERE "id" = $1 FOR UPDATE`, [first.id]);
      const claimed = await claimDueMessages(instances[1], { workerId: "b", now: NOW, leaseMs: LEASE, limit: 10 });
      expect(claimed.map((m) => m.id)).not.toContain(first.id);
      expect(claimed).toHaveLength(2);
    } finally {
      await other.query("ROLLBACK");
      await other.end();
    }
    const later = await claimDueMessages(instances[2], { workerId: "c", now: NOW, leaseMs: LEASE, limit: 10 });
    expect(later.map((m) => m.id)).toEqual([first.id]);
  });

  it("gives a crashed instance's messages to another once its lease has run out, not before", async () => {
    const ids = await seed(5);
    const crashed = await claimDueMessages(instances[0], { workerId: "crashed", now: NOW, leaseMs: LEASE, limit: 10 });
    expect(crashed).toHaveLength(5);
    expect(await claimDueMessages(instances[1], { workerId: "b", now: new Date(NOW.getTime() + LEASE - 1), leaseMs: LEASE, limit: 10 })).toEqual([]);
    const taken = await claimDueMessages(instances[1], { workerId: "b", now: new Date(NOW.getTime() + LEASE), leaseMs: LEASE, limit: 10 });
    expect(new Set(taken.map((m) => m.id))).toEqual(new Set(ids));
  });

  it("hands released claims straight to another instance", async () => {
    await seed(4);
    const mine = await claimDueMessages(instances[0], { workerId: "a", now: NOW, leaseMs: LEASE, limit: 10 });
    expect(await releaseClaims(instances[0], mine.slice(1))).toBe(3);
    const theirs = await claimDueMessages(instances[1], { workerId: "b", now: NOW, leaseMs: LEASE, limit: 10 });
    expect(new Set(theirs.map((m) => m.id))).toEqual(new Set(mine.slice(1).map((m) => m.id)));
  });
});
