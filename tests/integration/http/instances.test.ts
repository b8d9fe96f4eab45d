// Real server processes sharing one database, dispatching every second: shutdown finishes the sends in
// flight and hands back the rest; on SQLite a second process stands by while the first dispatches; a
// web-only process stores webhooks and a jobs process applies them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/db.server";
import { DEMO_SHOP } from "~/.server/shops";
import { parseEnv } from "~/env.server";
import { uriForTopic } from "~/.server/webhooks/topics";
import { checkout } from "../../../scripts/demo/payloads";
import { startServer, type RunningServer } from "../../../scripts/lib/server-process";
import { postWebhook } from "../../../scripts/lib/webhook-client";
import { seedDueMessages } from "../../faults/support/seed-due";
import { createEmptyDatabase, testDbKind, type EmptyDatabase } from "../../support/db";
import { startSmtpSink, type SmtpSink } from "../../support/smtp-sink";

let dir: string;
let database: EmptyDatabase;
let smtp: SmtpSink;
let db: Db;
const servers: RunningServer[] = [];

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, limitMs = 60_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function start(name: string, env: Record<string, string> = {}): Promise<RunningServer> {
  return startServer({
    CRM_DEMO: "1",
    NODE_ENV: "test",
    CRM_JOBS: "on",
    CRM_DISPATCH_CRON: "* * * * * *",
    DATABASE_URL: database.url,
    CRM_OUTBOX_DIR: path.join(dir, `outbox-${name}`),
    SMTP_URL: smtp.url,
    ...env,
  }).then((s) => (servers.push(s), s));
}

const health = async (s: RunningServer) => {
  const res = await fetch(`${s.url}/healthz`);
  return {
    status: res.status,
    body: (await res.json()) as {
      ok: boolean;
      database: string;
      dispatcher: { running: boolean; standby: boolean; lastTickAt: string | null; lagSeconds: number };
      webhooks: { waiting: number; oldestSeconds: number };
    },
  };
};

/** The demo shop's local time set to early afternoon, so that quiet hours never hold the sends back. */
async function afternoonShop(): Promise<void> {
  const offset = ((13 - new Date().getUTCHours() + 36) % 24) - 12;
  await db.shop.update({ where: { domain: DEMO_SHOP }, data: { timezone: offset >= 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}` } });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-instances-"));
  database = await createEmptyDatabase(dir, { migrated: false });
  smtp = await startSmtpSink();
});
afterAll(async () => {
  for (const s of servers) await s.stop();
  await db?.$disconnect();
  await smtp.close();
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("app instances on one database", () => {
  it("on SIGTERM finishes the sends in flight, hands back claimed messages it had not started, and exits 0", async () => {
    const a = await start("a");
    db = createDb(database.url);
    await afternoonShop();
    const keys = await seedDueMessages(db, { count: 400, runAt: new Date(Date.now() - 60_000), tag: "term" });
    await until("the first sends", () => smtp.received.length >= 20);

    const exited = new Promise<number | null>((resolve) => a.child.once("exit", (code) => resolve(code)));
    a.child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(a.output()).toContain("SIGTERM: stopped");

    const rows = await db.message.findMany({ where: { key: { in: keys } }, select: { status: true, leaseOwner: true, email: true } });
    const sent = rows.filter((r) => r.status === "sent");
    // Nothing left leased: what was not sent is free for the next instance right away.
    expect(rows.filter((r) => r.leaseOwner !== null)).toEqual([]);
    expect(rows.filter((r) => r.status !== "sent").every((r) => r.status === "planned")).toBe(true);
    expect(sent.length).toBeLessThan(keys.length);
    // Every send recorded reached the mail server, and none twice.
    const delivered = smtp.received.flatMap((m) => m.envelopeTo);
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(new Set(delivered)).toEqual(new Set(sent.map((r) => r.email)));

    // The next instance delivers the rest, each once. (It migrates at start: on SQLite that wants no
    // other connection open on the file.)
    await db.$disconnect();
    const b = await start("b");
    await until("the rest delivered", async () => (await db.message.count({ where: { key: { in: keys }, status: "sent" } })) === keys.length, 120_000);
    const all = smtp.received.flatMap((m) => m.envelopeTo);
    expect(all).toHaveLength(keys.length);
    expect(new Set(all).size).toBe(keys.length);
    const h = await health(b);
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({ ok: true, database: "reachable", dispatcher: { running: true, lagSeconds: 0 } });
  }, 240_000);

  it(testDbKind() === "sqlite" ? "on SQLite, a second process stands by while the first dispatches, and takes over when it stops" : "on PostgreSQL, every process dispatches", async () => {
    const first = servers.at(-1)!;
    const second = await start("c");
    if (testDbKind() === "sqlite") {
      await until("the stand-by notice", () => second.output().includes("dispatcher standing by"));
      expect((await health(second)).body.dispatcher).toMatchObject({ running: false, standby: true });
      expect((await health(first)).body.dispatcher).toMatchObject({ running: true, standby: false });
      await first.stop();
      await until("the take-over", () => second.output().includes("dispatcher taking over"));
      expect((await health(second)).body.dispatcher).toMatchObject({ running: true, standby: false });
    } else {
      await until("a pass in the second process", async () => (await health(second)).body.dispatcher.lastTickAt);
      expect((await health(second)).body.dispatcher).toMatchObject({ running: true, standby: false });
      expect((await health(first)).body.dispatcher).toMatchObject({ running: true, standby: false });
    }
  }, 120_000);

  it("a web-only process stores webhooks and answers; a process running the jobs applies them within seconds", async () => {
    const jobs = servers.at(-1)!;
    const web = await start("web", { CRM_JOBS: "off", CRM_WEBHOOK_APPLY: "background" });
    const at = new Date();
    const body = JSON.stringify(checkout({ token: "web-only-1", email: "web-only@example.com", firstName: "Wen", items: [{ title: "House blend", variant: "250 g", price: "18.00", quantity: 1, productId: 41 }], at, acceptsMarketing: true }));
    const secret = parseEnv({ CRM_DEMO: "1" }).apiSecret;
    const answer = await postWebhook({ baseUrl: web.url, uri: uriForTopic("checkouts/create"), topic: "checkouts/create", shop: DEMO_SHOP, body, secret, triggeredAt: at });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ outcome: "received", events: 1 });

    const applied = await until("the jobs process applies it", async () => {
      const row = await db.webhookDelivery.findUnique({ where: { webhookId: answer.webhookId } });
      return row?.outcome === "processed" ? row : null;
    }, 30_000);
    expect(applied.payload).toBeNull();
    expect(await db.checkout.count({ where: { token: "web-only-1" } })).toBe(1);
    expect((await health(web)).body.webhooks).toEqual({ waiting: 0, oldestSeconds: 0 });
    expect((await health(jobs)).body.webhooks).toEqual({ waiting: 0, oldestSeconds: 0 });
  }, 60_000);
});
