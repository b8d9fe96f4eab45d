// Two dispatchers on one PostgreSQL, with real clocks, and an SMTP server so slow that each pass
// outlives its lease many times over. A lease stamped once at the start of a pass would run out while
// the pass still holds its claims, and the other dispatcher would take them and send them too. Leases
// read from the database's clock and renewed while held: every message reaches the server exactly
// once, and none is left behind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageIdFor } from "~/.server/channels/email/transport";
import { createEmailTransport } from "~/.server/channels/email/transport";
import { databaseClock } from "~/.server/queue/clock";
import { dispatchDue, type DispatchDeps } from "~/.server/dispatch/pass";
import { installDemoShop } from "~/.server/shops";
import { createDb, type Db } from "~/db.server";
import { createTestDb, testDbKind, type TestDb } from "../support/db";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { seedDueMessages } from "./support/seed-due";
import { testDispatchDeps } from "../support/dispatch-deps";

const MESSAGES = 120;
const LEASE_MS = 1_000;
const SMTP_DELAY_MS = 400;
const CONCURRENCY = 4;

describe.skipIf(testDbKind() !== "postgres")("a pass slower than its lease, two dispatchers on PostgreSQL", () => {
  let t: TestDb;
  let sink: SmtpSink;
  let keys: string[];
  const clients: Db[] = [];

  beforeAll(async () => {
    t = await createTestDb();
    await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
    // The passes run at the real present, as in the app, whatever the hour: no quiet hours.
    await t.db.shop.updateMany({ data: { quietHoursStart: "", quietHoursEnd: "" } });
    keys = await seedDueMessages(t.db, { count: MESSAGES, runAt: new Date(Date.now() - 60_000), tag: "slow" });
    sink = await startSmtpSink({ delayMs: SMTP_DELAY_MS });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.$disconnect()));
    await sink?.close();
    await t?.close();
  });

  it(`${MESSAGES} messages, ${SMTP_DELAY_MS} ms per mail, a ${LEASE_MS} ms lease: each sent once, none lost`, async () => {
    const instance = (name: string): DispatchDeps => {
      const db = createDb(t.url);
      clients.push(db);
      return testDispatchDeps(db, createEmailTransport({ smtpUrl: sink.url, outboxDir: "" }), {
        services: { random: Math.random, clock: databaseClock(db) },
        identity: { secret: "slow-secret", workerId: name },
        tuning: { leaseMs: LEASE_MS, batchSize: 20, concurrency: CONCURRENCY },
      });
    };
    const started = Date.now();
    const [a, b] = [instance("a"), instance("b")];
    // Each instance keeps running passes, as its cron would, until nothing is due.
    const drain = async (deps: DispatchDeps) => {
      let sent = 0;
      for (let i = 0; i < 20; i++) {
        const { outcomes } = await dispatchDue(deps, new Date());
        sent += outcomes.filter((o) => o.status === "sent").length;
        if ((await t.db.message.count({ where: { status: { not: "sent" } } })) === 0) break;
      }
      deps.services.transport.close();
      return sent;
    };
    const [sentA, sentB] = await Promise.all([drain(a), drain(b)]);
    const seconds = (Date.now() - started) / 1000;
    console.log(`${MESSAGES} messages in ${seconds.toFixed(1)} s (${(seconds / (LEASE_MS / 1000)).toFixed(0)} leases long): a sent ${sentA}, b sent ${sentB}`);
    // The drain outlived the lease many times, so a lease that was not renewed would have run out.
    expect(seconds * 1000).toBeGreaterThan(4 * LEASE_MS);

    const seen = new Map<string, number>();
    for (const mail of sink.mails) seen.set(mail.messageId ?? "", (seen.get(mail.messageId ?? "") ?? 0) + 1);
    const expected = keys.map(messageIdFor);
    expect([...seen.entries()].filter(([, n]) => n > 1), "mails the SMTP server received twice").toEqual([]);
    expect(expected.filter((id) => !seen.has(id)), "mails never sent").toEqual([]);
    const rows = await t.db.message.findMany({ select: { key: true, status: true, attempts: true } });
    expect(rows.filter((r) => r.status !== "sent")).toEqual([]);
    // No claim was taken over: one attempt each.
    expect(rows.filter((r) => r.attempts !== 1)).toEqual([]);
    expect(sentA + sentB).toBe(MESSAGES);
  }, 180_000);
});
