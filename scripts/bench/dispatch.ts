// One dispatcher pass (claim + re-check + render + send) over N due messages, against two peers using
// nodemailer's pooled SMTP transport to the same sink, the same way the dispatcher does (as many in
// flight as its concurrency, over a pool of as many connections as its transport opens):
// - what a user would write instead: nodemailer given each mail's rendered subject, HTML, text and
//   headers, building the MIME itself (the goal is measured against this one);
// - the limit: nodemailer sending the very bytes the pass produced, with no MIME to build.
// All run in this process, warm.
import path from "node:path";
import { simpleParser } from "mailparser";
import nodemailer, { type SendMailOptions, type TransportOptions } from "nodemailer";
import { createDb } from "../../app/db.server";
import { parseEnv } from "../../app/env.server";
import { SMTP_CONNECTIONS } from "../../app/.server/channels/email/transport";
import { createRuntime } from "../../app/.server/runtime";
import { DISPATCH_CONCURRENCY, dispatchAt } from "../../app/.server/dispatch/pass";
import { installDemoShop } from "../../app/.server/shops";
import { seedDueMessages } from "../../tests/faults/support/seed-due";
import { onEachDatabase, quick, round, skippedFigure, withDatabase, type DbKind } from "./lib/databases";
import { startCountingSink, type RawMail } from "./lib/smtp-counter";
import type { Benchmark, BenchFigure } from "./types";

const B = "dispatch";
const RATIO_GOAL = 0.8;
const HOUR = 3_600_000;
/** Inside the demo shop's sending hours. */
const T = new Date("2026-03-02T10:00:00Z");

const name = (kind: DbKind) => `dispatch throughput vs nodemailer building the same mails (${kind})`;
const limitName = (kind: DbKind) => `dispatch throughput vs raw pooled nodemailer, pre-built bytes (${kind})`;

/** Sends every mail with the dispatcher's concurrency over a pool; the time it took, in ms. */
async function pooledSend(url: string, mails: SendMailOptions[]): Promise<number> {
  const transporter = nodemailer.createTransport({ url, pool: true, maxConnections: SMTP_CONNECTIONS } as TransportOptions);
  try {
    const started = performance.now();
    let next = 0;
    const sender = async () => {
      for (let m = mails[next++]; m; m = mails[next++]) await transporter.sendMail(m);
    };
    await Promise.all(Array.from({ length: DISPATCH_CONCURRENCY }, sender));
    return performance.now() - started;
  } finally {
    transporter.close();
  }
}

const rawMails = (mails: RawMail[]): SendMailOptions[] => mails.map((m) => ({ envelope: { from: m.from, to: m.to }, raw: m.raw }));

/** The mails as a user would hand them to nodemailer: the rendered parts and our headers, no MIME. */
async function composedMails(mails: RawMail[]): Promise<SendMailOptions[]> {
  const KEEP = ["list-unsubscribe", "list-unsubscribe-post", "x-crm-message-key", "message-id", "reply-to"];
  return Promise.all(
    mails.map(async (m) => {
      const parsed = await simpleParser(m.raw);
      const headers: Record<string, string> = {};
      for (const line of parsed.headerLines) if (KEEP.includes(line.key)) headers[line.key] = line.line.slice(line.line.indexOf(":") + 1).trim();
      return { from: parsed.from?.text, to: m.to, subject: parsed.subject, html: parsed.html || undefined, text: parsed.text, headers, envelope: { from: m.from, to: m.to } };
    }),
  );
}

async function measure(kind: DbKind, log: (line: string) => void): Promise<BenchFigure[]> {
  const count = quick() ? 500 : 2000;
  const warm = 200;
  return withDatabase(kind, { migrated: true }, async (bdb) => {
    const db = createDb(bdb.url);
    const sink = await startCountingSink();
    const config = parseEnv({ CRM_DEMO: "1", NODE_ENV: "test", SMTP_URL: sink.url, CRM_OUTBOX_DIR: path.join(bdb.dir, "outbox") });
    const runtime = await createRuntime(config, db);
    try {
      await installDemoShop(db, new Date(T.getTime() - 30 * 24 * HOUR));
      const pass = async (tag: string, n: number, at: Date) => {
        await seedDueMessages(db, { count: n, runAt: at, tag });
        sink.mails.length = 0;
        const started = performance.now();
        const report = await dispatchAt(runtime.deps, at);
        const ms = performance.now() - started;
        const sent = report.outcomes.filter((o) => o.status === "sent").length;
        return { ms, sent, mails: [...sink.mails] };
      };
      log(`  warm-up: ${warm} messages each way…`);
      const warmPass = await pass("w", warm, T);
      await pooledSend(sink.url, rawMails(warmPass.mails));
      await pooledSend(sink.url, await composedMails(warmPass.mails));
      log(`  seeding and dispatching ${count} due messages…`);
      // A later "now" so the warm-up's recipients and frequency budget do not touch this batch.
      const at = new Date(T.getTime() + 2 * HOUR);
      const app = await pass("m", count, at);
      if (app.sent !== count) log(`    only ${app.sent} of ${count} sent`);
      const composed = await composedMails(app.mails);
      sink.mails.length = 0;
      log(`  nodemailer building the same ${composed.length} mails from their parts…`);
      const userMs = await pooledSend(sink.url, composed);
      sink.mails.length = 0;
      log(`  raw nodemailer: the same ${app.mails.length} mails as pre-built bytes…`);
      const rawMs = await pooledSend(sink.url, rawMails(app.mails));
      const appRate = (app.sent / app.ms) * 1000;
      const userRate = (composed.length / userMs) * 1000;
      const rawRate = (app.mails.length / rawMs) * 1000;
      log(`    dispatcher ${round(appRate, 0)} msgs/s, nodemailer building MIME ${round(userRate, 0)} msgs/s, pre-built bytes ${round(rawRate, 0)} msgs/s`);
      const userRatio = userRate > 0 ? appRate / userRate : 0;
      const ratio = rawRate > 0 ? appRate / rawRate : 0;
      return [
        {
          benchmark: B,
          name: name(kind),
          value: round(userRatio),
          unit: "×",
          goal: `≥ ${RATIO_GOAL}×`,
          met: app.sent === count && userRatio >= RATIO_GOAL,
          note: `${round(appRate, 0)} vs ${round(userRate, 0)} msgs/s: nodemailer given each mail's subject, HTML, text and headers; ${app.sent}/${count} sent in one pass; both sides ${DISPATCH_CONCURRENCY} in flight over a pool of ${SMTP_CONNECTIONS} connections, in-process sink on loopback`,
        },
        {
          benchmark: B,
          name: limitName(kind),
          value: round(ratio),
          unit: "×",
          goal: null,
          met: null,
          note: `the limit: ${round(appRate, 0)} vs ${round(rawRate, 0)} msgs/s sending the pass's own bytes, no MIME to build`,
        },
      ];
    } finally {
      runtime.close();
      await sink.close();
      await db.$disconnect();
    }
  });
}

const benchmark: Benchmark = {
  name: B,
  description: "dispatcher pass to a local SMTP sink against raw pooled nodemailer sending the same mails",
  run: ({ log }) =>
    onEachDatabase(
      log,
      (kind) => measure(kind, log),
      (kind, reason) => [skippedFigure(B, name(kind), "×", `≥ ${RATIO_GOAL}×`, reason), skippedFigure(B, limitName(kind), "×", "—", reason)],
    ),
};

export default benchmark;
