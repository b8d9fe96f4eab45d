// npm run demo — the whole job on a fresh machine, no Shopify account: builds the app, starts it in demo
// mode, replays the story as signed webhooks over HTTP, moves simulated time through the dispatcher,
// and prints the timeline and the outbox. In a terminal it then keeps serving the admin (/app) and the
// demo storefront (/demo/storefront) until Ctrl-C; `--exit` (or no terminal) stops right away.
import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "../app/env.server";
import { ROOT, ensureBuilt, startServer, type RunningServer } from "./lib/server-process";
import { waitUntilApplied } from "./lib/wait-applied";
import { postWebhook } from "./lib/webhook-client";
import { STORY, STORY_END, DAY0, type StoryStep } from "./demo/story";

// CRM_DEMO_DATA_DIR lets tests run the demo without touching .data/.
const DATA = path.resolve(ROOT, process.env.CRM_DEMO_DATA_DIR || ".data");
const DB_FILE = path.join(DATA, "demo.db");
const OUTBOX = path.join(DATA, "demo-outbox");
const SHOP = "demo-shop.myshopify.com";

const demoEnv = {
  CRM_DEMO: "1",
  CRM_JOBS: "off", // the demo moves time itself
  NODE_ENV: "development",
  DATABASE_URL: `file:${DB_FILE}`,
  CRM_OUTBOX_DIR: OUTBOX,
};

const clock = (d: Date) => {
  const day = Math.floor((d.getTime() - DAY0.getTime()) / 86_400_000);
  return `day ${day} ${d.toISOString().slice(11, 16)}`;
};
const line = (d: Date, text: string) => console.log(`${clock(d).padEnd(12)} ${text}`);
const indent = (text: string) => console.log(`${" ".repeat(13)}${text}`);

async function main() {
  const started = Date.now();
  console.log("Timing CRM demo: a day in Demo Coffee Roasters, then the two and a half weeks of reminders after it\n");

  console.log(`[1/5] preparing ${path.relative(ROOT, DB_FILE)} and ${path.relative(ROOT, OUTBOX)} (fresh each run)`);
  fs.mkdirSync(DATA, { recursive: true });
  for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`]) fs.rmSync(f, { force: true });
  fs.rmSync(OUTBOX, { recursive: true, force: true });

  console.log("[2/5] building the app if sources changed");
  const built = ensureBuilt((l) => indent(l));
  indent(built ? "built" : "build is up to date");

  console.log("[3/5] starting the server in demo mode (migrations applied at start)");
  Object.assign(process.env, demoEnv);
  const server = await startServer({ ...demoEnv, ...(process.env.PORT ? { PORT: process.env.PORT } : {}) });
  indent(`listening at ${server.url}`);
  const serve = process.stdout.isTTY && !process.argv.includes("--exit");
  try {
    await runStory(server);
  } catch (error) {
    await server.stop();
    throw error;
  }
  console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s. Look around:`);
  const envPrefix = `CRM_DEMO=1 DATABASE_URL=file:${path.relative(ROOT, DB_FILE)} CRM_OUTBOX_DIR=${path.relative(ROOT, OUTBOX)}`;
  indent(`${envPrefix} npm run crm -- messages`);
  indent(`${envPrefix} npm run crm -- outbox`);
  indent(`open ${path.relative(ROOT, OUTBOX)}/*.eml in a mail client`);
  if (!serve) return server.stop();
  // The story ended just before now: from here the dispatcher runs on the real clock, every 15 s, so a
  // signup on the demo storefront gets its confirmation email in the outbox at once, and once its link
  // is clicked, the welcome within seconds, as it would live.
  const live = await startLiveDispatcher();
  const local = server.url.replace("127.0.0.1", "localhost");
  console.log(`\nThe demo server keeps running, with a dispatcher every 15 s (Ctrl-C stops both):`);
  indent(`merchant admin    ${local}/app`);
  indent(`storefront modal  ${local}/demo/storefront   (leave through the top of the window)`);
  indent(`new emails        ${path.relative(ROOT, OUTBOX)}/`);
  await new Promise<void>((resolve) => {
    const stop = () => void live.stop().then(() => server.stop()).then(resolve);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

async function startLiveDispatcher(): Promise<{ stop(): Promise<void> }> {
  const { createDb } = await import("../app/db.server");
  const { createRuntime } = await import("../app/.server/runtime");
  const { startDispatcher } = await import("../app/.server/scheduler/tick");
  const db = createDb(demoEnv.DATABASE_URL);
  const runtime = await createRuntime(parseEnv(process.env), db, {
    log: (l) => {
      if (/^dispatch (sent|skipped|deferred|failed)/.test(l)) indent(`${new Date().toISOString().slice(11, 19)} ${l}`);
    },
  });
  const dispatcher = startDispatcher(runtime.deps, { cron: "*/15 * * * * *" });
  return {
    async stop() {
      await dispatcher.stop();
      runtime.close();
      await db.$disconnect();
    },
  };
}

async function runStory(server: RunningServer) {
  const { createDb } = await import("../app/db.server");
  const { createRuntime } = await import("../app/.server/runtime");
  const { dispatchAt } = await import("../app/.server/dispatch/pass");
  const { uriForTopic } = await import("../app/.server/webhooks/topics");
  const { listOutbox } = await import("../app/.server/channels/email/outbox");
  const { runWinBack } = await import("../app/.server/lifecycle/win-back");
  const { runConsentNotices } = await import("../app/.server/lifecycle/consent-notice");
  const { receivePixelEvents } = await import("../app/.server/pixel/receive");
  const config = parseEnv({ ...process.env, PORT: String(server.port) });
  const db = createDb(demoEnv.DATABASE_URL);
  const runtime = await createRuntime(config, db);
  const sentIds = new Map<string, string>();
  const ctx = {
    couponFor: async (email: string) =>
      (await db.coupon.findFirst({ where: { shop: SHOP, email, status: "active" }, orderBy: { createdAt: "asc" } }))?.code ?? null,
  };

  /** Runs the dispatcher at each moment something falls due, up to (not including) `until`. */
  const advanceTo = async (until: Date) => {
    for (;;) {
      const next = await db.message.findFirst({
        where: { status: { in: ["planned", "deferred"] }, runAt: { lt: until } },
        orderBy: { runAt: "asc" },
      });
      if (!next) return;
      const now = next.runAt;
      const report = await dispatchAt(runtime.deps, now);
      for (const o of report.outcomes) {
        line(now, `${o.status.toUpperCase().padEnd(8)} ${o.scenario}#${o.step} → ${o.email ?? "(no email)"}${o.reason ? ` — ${o.reason}` : ""}`);
      }
      if (report.outcomes.length === 0) return; // nothing claimable: avoid spinning
    }
  };

  const send = async (step: StoryStep) => {
    const payload = await step.payload(ctx);
    const base = { baseUrl: server.url, uri: uriForTopic(step.topic), topic: step.topic, shop: SHOP, secret: config.apiSecret };
    switch (step.twist?.kind) {
      case "forged":
        return postWebhook({ ...base, body: JSON.stringify(payload), forgeWith: "not-the-app-secret" });
      case "malformed":
        return postWebhook({ ...base, body: '{"id": 1, "email": ' });
      case "duplicate": {
        const of = step.twist.of;
        const original = STORY.find((s) => s.id === of);
        if (!original) throw new Error(`story step "${of}" not found`);
        return postWebhook({ ...base, body: JSON.stringify(await original.payload(ctx)), webhookId: sentIds.get(original.id!) });
      }
      default:
        return postWebhook({ ...base, body: JSON.stringify(payload), triggeredAt: step.at });
    }
  };

  const steps = (kind: (s: StoryStep) => boolean) => STORY.filter(kind).length;
  console.log(`[4/5] replaying ${steps((s) => !s.job && !s.pixel)} webhooks, ${steps((s) => !!s.pixel)} web pixel reports and ${steps((s) => !!s.job)} job runs, moving time forward\n`);
  for (const step of STORY) {
    await advanceTo(step.at);
    if (step.job) {
      const winBack = await runWinBack(db, step.at);
      const notices = await runConsentNotices(db, step.at);
      line(step.at, step.say);
      indent(`jobs → win-back: ${winBack.planned} series planned, ${winBack.sunset} sunset; consent notices: ${notices.planned} planned`);
      continue;
    }
    if (step.pixel) {
      // The endpoint's own handler at the story's moment (the live route keeps only reports of the last day).
      const before = await db.message.count();
      const key = (await db.shopPixel.findUniqueOrThrow({ where: { shop: SHOP } })).key;
      const body = { shop: SHOP, key, customerId: String(step.pixel.customerId), events: [{ id: `story-${step.at.getTime()}-${step.pixel.customerId}`, type: step.pixel.type, at: step.at.toISOString(), productId: String(step.pixel.productId) }] };
      const request = new Request(`${server.url}/pixel/events`, { method: "POST", headers: { "Content-Type": "text/plain;charset=UTF-8" }, body: JSON.stringify(body) });
      const answer = await receivePixelEvents(request, { db, secret: config.apiSecret, now: () => step.at });
      line(step.at, step.say);
      const planned = (await db.message.count()) - before;
      indent(`pixel ${step.pixel.type} → ${answer.status}${planned ? `, planned ${planned}` : ""}`);
      continue;
    }
    const before = await db.message.count();
    const answer = await send(step);
    if (step.id) sentIds.set(step.id, answer.webhookId);
    line(step.at, `${step.say}`);
    // The answer comes once the webhook is stored; the server applies it right after.
    const stored = answer.status === 200 && JSON.parse(answer.body).outcome === "received";
    if (stored) await waitUntilApplied(db, [answer.webhookId]);
    const applied = stored ? await db.webhookDelivery.findUnique({ where: { webhookId: answer.webhookId } }) : null;
    const planned = (await db.message.count()) - before;
    const after = applied ? ` → ${[applied.outcome, applied.reason, planned ? `planned ${planned}` : null].filter(Boolean).join(", ")}` : "";
    indent(`webhook ${step.topic} → ${answer.status} ${summarize(answer.body)}${after}`);
  }
  await advanceTo(STORY_END);

  const messages = await db.message.findMany({ orderBy: { runAt: "asc" } });
  const count = (s: string) => messages.filter((m) => m.status === s).length;
  console.log(`\n[5/5] outcome: ${messages.length} messages planned — ${count("sent")} sent, ${count("skipped")} skipped, ${count("deferred")} deferred, ${count("failed")} failed, ${count("planned")} still planned`);
  const outbox = await listOutbox(OUTBOX);
  console.log(`\noutbox (${path.relative(ROOT, OUTBOX)}), ${outbox.length} emails:`);
  for (const mail of outbox) indent(`${mail.scenario.padEnd(14)} ${mail.to.padEnd(22)} ${mail.subject}`);
  runtime.close();
  await db.$disconnect();
}

function summarize(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return [parsed.outcome, parsed.reason].filter(Boolean).join(", ");
  } catch {
    return body.slice(0, 80) || "(empty)";
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
