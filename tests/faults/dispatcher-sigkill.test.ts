// A dispatcher process killed with SIGKILL twenty times while it drains 5,000 messages: once the
// leases run out another process takes over. Nothing is lost; a message reaches the SMTP server twice
// only when a kill fell after the server accepted it and before we recorded it: per kill, at most the
// messages the process had in flight.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageIdFor } from "~/.server/channels/email/transport";
import { DISPATCH_CONCURRENCY } from "~/.server/dispatch/pass";
import { installDemoShop } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { spawnDispatcher } from "./support/dispatcher-process";
import { seedDueMessages } from "./support/seed-due";
import { mulberry32 } from "../support/random";

const MESSAGES = 5_000;
const KILLS = 20;
const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);
const T = new Date("2026-03-02T09:00:00Z");
const LEASE_MS = 60_000;

let t: TestDb;
let sink: SmtpSink;
let keys: string[];
beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
  keys = await seedDueMessages(t.db, { count: MESSAGES, runAt: T, tag: "k" });
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.close();
  await t?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The SMTP server's mail counts at which the kills fall: spread at random over the first 90 % of the
 * drain, in ascending order, so that every kill lands while messages are still due (a count that
 * includes duplicates only brings a kill earlier).
 */
function killPoints(random: () => number): number[] {
  const last = Math.floor(MESSAGES * 0.9);
  const points = new Set<number>();
  while (points.size < KILLS) points.add(1 + Math.floor(random() * last));
  return [...points].sort((a, b) => a - b);
}

describe(`dispatcher killed mid-drain (seed ${SEED}, FAULT_SEED to replay)`, () => {
  it(`SIGKILL ${KILLS} times during a ${MESSAGES.toLocaleString("en-US")}-message drain: none lost, duplicates only at a kill`, async () => {
    const started = Date.now();
    const random = mulberry32(SEED);
    const points = killPoints(random);
    let kills = 0;
    let round = 0;
    for (;;) {
      // Each new process starts past the previous one's leases, as a later tick would.
      const now = new Date(T.getTime() + round * 2 * LEASE_MS);
      const proc = spawnDispatcher({ databaseUrl: t.url, smtpUrl: sink.url, now, worker: `w${round}`, leaseMs: LEASE_MS });
      round++;
      if (kills < KILLS) {
        while (sink.received.length < points[kills] && proc.child.exitCode === null) await sleep(2);
        // Anywhere from the SMTP server's accept to well after our commit.
        await sleep(Math.floor(random() * 40));
        if (proc.child.exitCode === null) {
          proc.child.kill("SIGKILL");
          kills++;
        }
        const exit = await proc.exited;
        if (exit.code !== null && exit.code !== 0) throw new Error(`dispatcher failed:\n${exit.output}`);
        // A process that ended on its own before its kill point drained everything that was due: the
        // kills left cannot happen, and spawning more processes would only find nothing to do.
        if (exit.signal === null) throw new Error(`process ${round} finished before kill ${kills + 1} at mail ${points[kills]} (${sink.received.length} received):\n${exit.output}`);
        continue;
      }
      const exit = await proc.exited;
      expect(exit.code, exit.output).toBe(0);
      if ((await t.db.message.count({ where: { status: { not: "sent" } } })) === 0) break;
      if (round > KILLS + 5) break;
    }
    expect(kills).toBe(KILLS);

    const rows = await t.db.message.findMany({ select: { key: true, status: true, attempts: true } });
    expect(rows.filter((r) => r.status !== "sent")).toEqual([]);

    const expected = new Map(keys.map((k) => [messageIdFor(k), k]));
    const seen = new Map<string, number>();
    for (const mail of sink.mails) seen.set(mail.messageId ?? "", (seen.get(mail.messageId ?? "") ?? 0) + 1);
    const lost = [...expected.keys()].filter((id) => !seen.has(id));
    const strangers = [...seen.keys()].filter((id) => !expected.has(id));
    expect(lost).toEqual([]);
    expect(strangers).toEqual([]);

    const duplicated = [...seen.entries()].filter(([, n]) => n > 1);
    const duplicates = duplicated.reduce((sum, [, n]) => sum + n - 1, 0);
    console.log(`${MESSAGES} messages, ${kills} kills, ${round} processes, drained in ${((Date.now() - started) / 1000).toFixed(1)} s: ${duplicates} duplicate(s) at the SMTP server`);
    // A kill can duplicate at most the mails its process had in flight, and only a message that was
    // attempted again after the kill.
    expect(duplicates).toBeLessThanOrEqual(kills * DISPATCH_CONCURRENCY);
    const attempts = new Map(rows.map((r) => [r.key, r.attempts]));
    for (const [id] of duplicated) expect(attempts.get(expected.get(id)!)).toBeGreaterThanOrEqual(2);
  }, 400_000);
});
