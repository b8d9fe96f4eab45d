// Shopify delivers webhooks more than once and out of order. Whatever the permutation of duplicates
// (the same webhook id again, or the same event under a new id) and reorderings, the shop ends up
// with exactly the messages one clean, in-order delivery of each event would have planned.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "~/db.server";
import { SCENARIOS } from "~/domain/scenarios";
import { installDemoShop } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";
import { deliver, type Delivery } from "./support/intake";

const NOW = new Date("2026-03-02T12:00:00Z");
const BASE = NOW.getTime() - 3_600_000;
const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);
const at = (s: number) => new Date(BASE + s * 1000).toISOString();

const opened: TestDb[] = [];
afterAll(async () => {
  for (const t of opened) await t.close();
});

async function freshDb(): Promise<Db> {
  const t = await createTestDb();
  opened.push(t);
  await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
  return t.db;
}

/** Signups, started checkouts, and for every third checkout a later update that completes it. */
function uniqueEvents(customers: number, checkouts: number, tag: string): Delivery[] {
  const events: Delivery[] = [];
  for (let i = 0; i < customers; i++) {
    const body = { id: 900_000 + i, email: `c${i}.${tag}@dup.example`, first_name: `C${i}`, created_at: at(i % 3000), updated_at: at(i % 3000) };
    events.push({ topic: "customers/create", body: JSON.stringify(body), webhookId: `${tag}-cust-${i}` });
  }
  for (let j = 0; j < checkouts; j++) {
    const token = `tok${tag}${j}`;
    const started = {
      token,
      email: `k${j}.${tag}@dup.example`,
      created_at: at(j % 3000),
      updated_at: at(j % 3000),
      abandoned_checkout_url: `https://demo-shop.example/checkouts/${token}/recover`,
      buyer_accepts_marketing: true,
      currency: "USD",
      total_price: "12.00",
      line_items: [{ title: "House blend", quantity: 1, price: "12.00" }],
    };
    events.push({ topic: "checkouts/create", body: JSON.stringify(started), webhookId: `${tag}-co-${j}` });
    if (j % 3 === 0) {
      const completed = { ...started, updated_at: at((j % 3000) + 600), completed_at: at((j % 3000) + 600) };
      events.push({ topic: "checkouts/update", body: JSON.stringify(completed), webhookId: `${tag}-co-${j}-done` });
    }
  }
  return events;
}

type Dup = { of: number; sameId: boolean };

/** Duplicates appended, then everything ordered by `ranks` (a permutation fast-check can shrink). */
function schedule(unique: Delivery[], dups: Dup[], ranks: number[]): Delivery[] {
  const all = [...unique, ...dups.map((d, n) => ({ ...unique[d.of % unique.length], ...(d.sameId ? {} : { webhookId: `${unique[d.of % unique.length].webhookId}-again-${n}` }) }))];
  return all.map((d, k) => ({ d, r: ranks[k] ?? 0, k })).sort((a, b) => a.r - b.r || a.k - b.k).map((x) => x.d);
}

async function snapshot(db: Db) {
  const messages = await db.message.findMany({ select: { key: true, status: true, runAt: true }, orderBy: { key: "asc" } });
  const checkouts = await db.checkout.findMany({ select: { token: true, completedAt: true }, orderBy: { token: "asc" } });
  return { messages: messages.map((m) => `${m.key} ${m.status} ${m.runAt.toISOString()}`), checkouts: checkouts.map((c) => `${c.token} ${c.completedAt?.toISOString() ?? "open"}`) };
}

function arbitrary(uniques: number, duplicates: number) {
  return fc.record({
    dups: fc.array(fc.record({ of: fc.nat({ max: uniques - 1 }), sameId: fc.boolean() }), { minLength: duplicates, maxLength: duplicates }),
    ranks: fc.array(fc.nat(), { minLength: uniques + duplicates, maxLength: uniques + duplicates }),
  });
}

async function run(db: Db, deliveries: Delivery[]) {
  const answers = [];
  for (const d of deliveries) answers.push({ d, a: await deliver(db, d, NOW) });
  return answers;
}

describe(`duplicated and reordered webhook deliveries (seed ${SEED}, FAULT_SEED to replay)`, () => {
  it("any permutation of duplicates and reorderings plans what one clean in-order delivery plans", async () => {
    const unique = uniqueEvents(40, 30, "p");
    const reference = await freshDb();
    await run(reference, unique);
    const expected = await snapshot(reference);
    expect(expected.messages.length).toBeGreaterThan(0);
    const duplicates = Math.round(unique.length * 0.3 / 0.7);
    await fc.assert(
      fc.asyncProperty(arbitrary(unique.length, duplicates), async ({ dups, ranks }) => {
        const db = await freshDb();
        const answers = await run(db, schedule(unique, dups, ranks));
        expect(answers.filter(({ a }) => a.status !== 200)).toEqual([]);
        expect(await snapshot(db)).toEqual(expected);
        expect(await db.webhookDelivery.count()).toBe(new Set(answers.map(({ d }) => d.webhookId)).size);
      }),
      { numRuns: 6, seed: SEED, endOnFailure: true },
    );
  }, 120_000);

  it("10,000 deliveries, 30 % duplicated and shuffled: one message per key, none lost, every duplicate answered 200", async () => {
    const unique = uniqueEvents(4_000, 2_250, "full");
    const total = 10_000;
    const [{ dups, ranks }] = fc.sample(arbitrary(unique.length, total - unique.length), { seed: SEED, numRuns: 1 });
    const deliveries = schedule(unique, dups, ranks);
    expect(deliveries).toHaveLength(total);
    const db = await freshDb();
    const answers = await run(db, deliveries);

    expect(answers.filter(({ a }) => a.status !== 200).length).toBe(0);
    const sameIdRepeats = total - new Set(deliveries.map((d) => d.webhookId)).size;
    expect(answers.filter(({ a }) => a.outcome === "duplicate").length).toBe(sameIdRepeats);
    expect(await db.webhookDelivery.count()).toBe(total - sameIdRepeats);

    const steps = SCENARIOS["cart-recovery"].defaults.delaysMinutes.length;
    const messages = await db.message.findMany({ select: { key: true, scenario: true, about: true } });
    expect(new Set(messages.map((m) => m.key)).size).toBe(messages.length);
    expect(messages.filter((m) => m.scenario === "welcome").length).toBe(4_000);
    expect(messages.filter((m) => m.scenario === "cart-recovery").length).toBe(2_250 * steps);
    // Every planned message was reported once by the delivery that planned it.
    expect(answers.reduce((sum, { a }) => sum + a.planned, 0)).toBe(messages.length);
    // A checkout completed by its update never gets a reminder, whichever arrived first.
    const completed = await db.checkout.count({ where: { completedAt: { not: null } } });
    expect(completed).toBe(Math.ceil(2_250 / 3));
  }, 300_000);
});
