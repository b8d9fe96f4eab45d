// Profiles applying stored webhooks: N deliveries (checkouts/create and orders/create, as the intake
// benchmark sends) stored, then applied by one process; prints the rate and the database calls each took.
// `npx tsx scripts/bench/apply-profile.ts [sqlite|postgres] [count]`
import { randomUUID } from "node:crypto";
import { createDb } from "../../app/db.server";
import { installDemoShop } from "../../app/.server/shops";
import { storeReceipt } from "../../app/.server/webhooks/store";
import { applyAllWaiting } from "../../app/.server/webhooks/take";
import { withDatabase, type DbKind } from "./lib/databases";
import { signedPool } from "./lib/webhook-load";

const kind = (process.argv[2] ?? "sqlite") as DbKind;
const count = Number(process.argv[3] ?? 2000);

await withDatabase(kind, { migrated: true }, async (bdb) => {
  const plain = createDb(bdb.url);
  await installDemoShop(plain, new Date());
  const at = new Date();
  const pool = signedPool(count, at);
  await Promise.all(
    pool.map((s) =>
      storeReceipt(plain, { webhookId: randomUUID(), shop: "demo-shop.myshopify.com", topic: s.topic, triggeredAt: at, receivedAt: at, outcome: "received", reason: null, eventCount: 1, payload: s.body }),
    ),
  );
  const calls = new Map<string, number>();
  const counted = plain.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const name = `${model ?? "raw"}.${operation}`;
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return query(args);
      },
    },
  }) as unknown as typeof plain;
  const started = performance.now();
  const applied = await applyAllWaiting(process.env.NO_COUNT ? plain : counted, { now: new Date() });
  const seconds = (performance.now() - started) / 1000;
  const total = [...calls.values()].reduce((a, b) => a + b, 0);
  console.log(`${kind}: ${applied.length} applied in ${seconds.toFixed(1)} s = ${(applied.length / seconds).toFixed(0)}/s; ${total} calls, ${(total / applied.length).toFixed(1)} per delivery`);
  for (const [name, n] of [...calls.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${(n / applied.length).toFixed(2).padStart(6)}  ${name}`);
  const outcomes = new Map<string, number>();
  for (const a of applied) outcomes.set(a.outcome, (outcomes.get(a.outcome) ?? 0) + 1);
  console.log(`  outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}; messages planned: ${await plain.message.count()}`);
  await plain.$disconnect();
});
