// The mail server goes down mid-drain and stays down for 60 s of the dispatcher's time: every connection
// is cut and the port refuses. Messages back off (1 min, 2 min, … ±10 %), nothing is given up, and once
// the server is back every message is delivered, once.
//
// The outage is real at the TCP level; its length is simulated time, because the dispatcher takes `now`
// as an argument: passes run every 10 s of simulated time while the port refuses, then the port comes back.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmailTransport, messageIdFor, SMTP_CONNECTIONS, type EmailTransport } from "~/.server/channels/email/transport";
import { dispatchDue, type DispatchDeps, type DispatchOutcome } from "~/.server/dispatch/pass";
import { installDemoShop } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { seedDueMessages } from "./support/seed-due";
import { startTcpSwitch, type TcpSwitch } from "./support/tcp-switch";
import { mulberry32 } from "../support/random";
import { testDispatchDeps } from "../support/dispatch-deps";

const MESSAGES = 300;
const CUT_AFTER = 100;
const T = new Date("2026-03-02T09:00:00Z");
const SEC = 1000;
const MIN = 60 * SEC;
const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);

let t: TestDb;
let sink: SmtpSink;
let relay: TcpSwitch;
let transport: EmailTransport;
let outboxDir: string;
let keys: string[];
beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, new Date("2026-01-01T00:00:00Z"));
  keys = await seedDueMessages(t.db, { count: MESSAGES, runAt: T, tag: "o" });
  sink = await startSmtpSink();
  relay = await startTcpSwitch(sink.port);
  outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-outage-"));
  transport = createEmailTransport({ smtpUrl: `smtp://127.0.0.1:${relay.port}`, outboxDir });
});
afterAll(async () => {
  transport?.close();
  await relay?.close();
  await sink?.close();
  await t?.close();
  if (outboxDir) fs.rmSync(outboxDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`SMTP server down for 60 s mid-drain (seed ${SEED}, FAULT_SEED to replay)`, () => {
  it("every message is delivered once the server is back, after backing off, none lost or given up", async () => {
    const deps: DispatchDeps = testDispatchDeps(t.db, transport, { services: { random: mulberry32(SEED) }, identity: { secret: "fault-secret", workerId: "outage" } });
    const deferrals: { now: Date; o: DispatchOutcome }[] = [];
    const pass = async (now: Date) => {
      const { outcomes } = await dispatchDue(deps, now);
      for (const o of outcomes) if (o.status === "deferred") deferrals.push({ now, o });
      return outcomes;
    };

    const first = pass(T);
    while (sink.received.length < CUT_AFTER) await sleep(2);
    await relay.down();
    const firstOutcomes = await first;
    const acceptedBeforeOutage = sink.received.length;
    expect(firstOutcomes.filter((o) => o.status === "failed")).toEqual([]);
    expect(firstOutcomes.filter((o) => o.status === "deferred").length).toBeGreaterThan(MESSAGES / 2);

    for (let s = 10; s <= 60; s += 10) {
      const outcomes = await pass(new Date(T.getTime() + s * SEC));
      expect(outcomes.filter((o) => o.status === "sent" || o.status === "failed")).toEqual([]);
    }
    expect(sink.received.length).toBe(acceptedBeforeOutage);
    const retriedWhileDown = deferrals.filter(({ o }) => /attempt 2 of/.test(o.reason ?? "")).length;
    expect(retriedWhileDown).toBeGreaterThan(0);

    await relay.up();
    let now = new Date(T.getTime() + 90 * SEC);
    while ((await t.db.message.count({ where: { status: { not: "sent" } } })) > 0 && now.getTime() < T.getTime() + 60 * MIN) {
      const outcomes = await pass(now);
      expect(outcomes.filter((o) => o.status === "failed")).toEqual([]);
      now = new Date(now.getTime() + 30 * SEC);
    }

    const rows = await t.db.message.findMany({ select: { key: true, status: true } });
    expect(rows.filter((r) => r.status !== "sent")).toEqual([]);
    const counts = new Map<string, number>();
    for (const mail of sink.mails) counts.set(mail.messageId ?? "", (counts.get(mail.messageId ?? "") ?? 0) + 1);
    expect(keys.filter((k) => !counts.has(messageIdFor(k)))).toEqual([]);
    // Only the mails on the wire when the connections were cut may arrive twice: one per pooled connection.
    const duplicates = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(duplicates).toBeLessThanOrEqual(SMTP_CONNECTIONS);

    // Each retry waited its backoff: 1 min after the first failure, 2 min after the second, ±10 %.
    for (const { now: at, o } of deferrals) {
      const attempt = Number(/attempt (\d+) of/.exec(o.reason ?? "")?.[1]);
      const delay = o.runAt.getTime() - at.getTime();
      expect(delay).toBeGreaterThanOrEqual(0.9 * MIN * 2 ** (attempt - 1));
      expect(delay).toBeLessThanOrEqual(1.1 * MIN * 2 ** (attempt - 1));
    }
    console.log(`${MESSAGES} messages: ${acceptedBeforeOutage} accepted before the outage, ${deferrals.length} deferrals, ${retriedWhileDown} retried while down, ${duplicates} duplicate(s)`);
  }, 120_000);
});
