// Four app instances on one PostgreSQL drain 20,000 messages together: each message reaches the SMTP
// server once. SQLite allows one writer at a time and the app runs one dispatcher on it, so this runs
// on PostgreSQL only (CRM_TEST_DB=postgres).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageIdFor } from "~/.server/channels/email/transport";
import { installDemoShop } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { spawnDispatcher } from "./support/dispatcher-process";
import { seedDueMessages } from "./support/seed-due";

const ON_POSTGRES = process.env.CRM_TEST_DB === "postgres";
const MESSAGES = 20_000;
const WORKERS = 4;
const T = new Date("2026-03-02T09:00:00Z");

let t: TestDb;
let sink: SmtpSink;
let keys: string[];
beforeAll(async () => {
  if (!ON_POSTGRES) return;
  t = await createTestDb();
  await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
  keys = await seedDueMessages(t.db, { count: MESSAGES, runAt: T, tag: "c" });
  sink = await startSmtpSink();
}, 300_000);
afterAll(async () => {
  await sink?.close();
  await t?.close();
});

describe.skipIf(!ON_POSTGRES)("four dispatcher processes on one PostgreSQL (skipped on SQLite: one dispatcher per SQLite file)", () => {
  it(`${WORKERS} processes, ${MESSAGES.toLocaleString("en-US")} messages: no double send, none lost`, async () => {
    const procs = Array.from({ length: WORKERS }, (_, i) => spawnDispatcher({ databaseUrl: t.url, smtpUrl: sink.url, now: T, worker: `instance-${i}` }));
    const exits = await Promise.all(procs.map((p) => p.exited));
    for (const e of exits) expect(e.code, e.output).toBe(0);
    // Every process took part, or the test proved nothing about sharing.
    for (const e of exits) expect(Number(/done sent=(\d+)/.exec(e.output)?.[1] ?? 0)).toBeGreaterThan(0);

    expect(await t.db.message.count({ where: { status: { not: "sent" } } })).toBe(0);
    const counts = new Map<string, number>();
    for (const r of sink.received) {
      const id = /^Message-ID:\s*(<[^>]+>)/im.exec(r.raw)?.[1] ?? "";
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(keys.filter((k) => !counts.has(messageIdFor(k)))).toEqual([]);
    expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(sink.received.length).toBe(MESSAGES);
  }, 900_000);
});
