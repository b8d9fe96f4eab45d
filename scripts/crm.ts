// The operator's CLI: one dispatcher pass, the message ledger, the outbox, replaying a payload, and
// bringing stored Shopify tokens under the current encryption key.
//   npm run crm -- dispatch --now 2026-11-23T11:00:00Z [--json]
//   npm run crm -- messages [--json]
//   npm run crm -- outbox [--json]
//   npm run crm -- replay payload.json --topic orders/create [--shop x.myshopify.com] [--url http://localhost:3000]
//   npm run crm -- sessions:reencrypt
import fs from "node:fs";
import { parseArgs } from "node:util";
import { EnvError, parseEnv, type Env } from "../app/env.server";

const USAGE = `usage:
  crm dispatch --now <ISO-8601> [--json]
  crm messages [--json]
  crm outbox [--json]
  crm replay <file.json> --topic <topic> [--shop <domain>] [--url <app url>] [--id <webhook id>]
  crm sessions:reencrypt

environment:
  DATABASE_URL    the app's database (default file:./.data/app.db); brought to the current migrations first
  dispatch, replay: SHOPIFY_API_KEY, SHOPIFY_API_SECRET and SHOPIFY_APP_URL (the Admin API and the
                  webhook signature), or CRM_DEMO=1 with NODE_ENV=development for the demo shop
  messages, outbox: nothing more (CRM_OUTBOX_DIR for the outbox's folder)
  sessions:reencrypt: CRM_ENCRYPTION_KEY, the keys the server runs with (the first encrypts)`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function parseInstant(value: string | undefined): Date {
  if (!value) fail(`--now is required\n${USAGE}`);
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) fail(`--now must be an ISO-8601 instant, got "${value}"`);
  return at;
}

async function dispatch(config: Env, now: Date, json: boolean) {
  const { db, prepareDatabase } = await import("../app/db.server");
  const { createRuntime } = await import("../app/.server/runtime");
  const { dispatchAt } = await import("../app/.server/dispatch/pass");
  await prepareDatabase(db);
  const runtime = await createRuntime(config, db);
  try {
    const report = await dispatchAt(runtime.deps, now);
    if (json) {
      console.log(JSON.stringify(report, null, 2));
    } else {
      for (const o of report.outcomes) {
        console.log(`${o.status.padEnd(8)} ${o.scenario}#${o.step} ${o.email ?? "(no email)"}${o.reason ? ` — ${o.reason}` : ""}`);
      }
      console.log(`${report.outcomes.length} message(s) handled as of ${now.toISOString()}; ${report.reclaimed} stale lease(s) reclaimed`);
    }
  } finally {
    runtime.close();
    await db.$disconnect();
  }
}

async function messages(json: boolean) {
  const { db } = await import("../app/db.server");
  const rows = await db.message.findMany({ orderBy: [{ runAt: "asc" }, { key: "asc" }] });
  await db.$disconnect();
  const list = rows.map((m) => ({
    scenario: m.scenario,
    step: m.step,
    email: m.email,
    status: m.status,
    reason: m.reason && m.reasonDetail ? `${m.reason}: ${m.reasonDetail}` : m.reason,
    runAt: m.runAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    key: m.key,
  }));
  if (json) return console.log(JSON.stringify(list, null, 2));
  for (const m of list) {
    console.log(`${m.runAt}  ${m.status.padEnd(8)} ${m.scenario}#${m.step} ${m.email ?? "(no email)"}${m.reason ? ` — ${m.reason}` : ""}`);
  }
  console.log(`${list.length} message(s)`);
}

async function outbox(config: Env, json: boolean) {
  const { listOutbox } = await import("../app/.server/channels/email/outbox");
  const files = await listOutbox(config.outboxDir);
  if (json) return console.log(JSON.stringify(files, null, 2));
  for (const f of files) console.log(`${f.scenario.padEnd(14)} ${f.to.padEnd(28)} ${f.subject}\n${" ".repeat(15)}${f.file}`);
  console.log(`${files.length} email(s) in ${config.outboxDir}`);
}

async function replay(config: Env, file: string | undefined, topic: string | undefined, shop: string, url: string, id?: string) {
  if (!file) fail(`replay needs a payload file\n${USAGE}`);
  if (!topic) fail(`replay needs --topic\n${USAGE}`);
  const { TOPICS, uriForTopic } = await import("../app/.server/webhooks/topics");
  const known = Object.keys(TOPICS);
  if (!known.includes(topic)) fail(`unknown topic "${topic}"; subscribed topics: ${known.join(", ")}`);
  const { postWebhook } = await import("./lib/webhook-client");
  const body = fs.readFileSync(file, "utf8");
  const answer = await postWebhook({ baseUrl: url, uri: uriForTopic(topic), topic, shop, body, secret: config.apiSecret, webhookId: id });
  console.log(`${topic} → ${answer.status} ${answer.body} (webhook id ${answer.webhookId})`);
  if (answer.status >= 400) process.exit(1);
}

async function reencrypt(config: Env) {
  const { db } = await import("../app/db.server");
  const { createTokenCipher } = await import("../app/.server/security/session-crypto");
  const { reencryptSessions } = await import("../app/.server/security/reencrypt-sessions");
  const cipher = createTokenCipher(config.encryptionKeys);
  try {
    const report = await reencryptSessions(db, cipher);
    for (const row of report.unreadable) console.error(`unreadable session ${row.id}: ${row.problem}`);
    console.log(`${report.changed} of ${report.sessions} session(s) re-encrypted under key ${cipher.currentKeyId}`);
    if (report.unreadable.length > 0) process.exitCode = 1;
  } finally {
    await db.$disconnect();
  }
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      now: { type: "string" },
      topic: { type: "string" },
      shop: { type: "string" },
      url: { type: "string" },
      id: { type: "string" },
    },
  });
  const [command, arg] = positionals;
  let config: Env;
  try {
    // Reading the ledger or the outbox needs no Shopify credentials.
    config = parseEnv(process.env, { requireShopify: command === "dispatch" || command === "replay" });
  } catch (error) {
    if (error instanceof EnvError) fail(`${error.message}\n\n${USAGE}`);
    throw error;
  }
  // Without it the keys would be derived from the app secret, which a production server never uses:
  // every row rewritten here would become unreadable to it.
  if (command === "sessions:reencrypt" && !process.env.CRM_ENCRYPTION_KEY) fail(`sessions:reencrypt needs CRM_ENCRYPTION_KEY, the keys the server runs with\n\n${USAGE}`);
  if (command === "dispatch" || command === "messages") {
    const { migrateDatabase } = await import("../app/database-migrate");
    const migrated = await migrateDatabase();
    if (!migrated.ok) fail(migrated.error);
  }
  switch (command) {
    case "dispatch":
      return dispatch(config, parseInstant(values.now), values.json ?? false);
    case "messages":
      return messages(values.json ?? false);
    case "outbox":
      return outbox(config, values.json ?? false);
    case "replay":
      return replay(config, arg, values.topic, values.shop ?? "demo-shop.myshopify.com", values.url ?? config.appUrl, values.id);
    case "sessions:reencrypt":
      return reencrypt(config);
    default:
      fail(USAGE);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
