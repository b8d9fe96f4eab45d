// The real app under test: built server on a free port, its own database (a SQLite file, or a
// PostgreSQL schema with CRM_TEST_DB=postgres; the server migrates it itself), a real SMTP sink,
// webhooks signed like Shopify's, and the dispatcher driven with explicit time.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "~/db.server";
import { createEmptyDatabase } from "./db";
import { parseEnv } from "~/env.server";
import { createRuntime, type Runtime } from "~/.server/runtime";
import { dispatchAt } from "~/.server/dispatch/pass";
import { uriForTopic } from "~/.server/webhooks/topics";
import { startServer, type RunningServer } from "../../scripts/lib/server-process";
import { postWebhook, type WebhookAnswer } from "../../scripts/lib/webhook-client";
import { waitUntilApplied } from "../../scripts/lib/wait-applied";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

export const SHOP = "demo-shop.myshopify.com";

export type App = {
  server: RunningServer;
  smtp: SmtpSink;
  db: Db;
  env: Record<string, string>;
  /** Posts a signed webhook and, once it is answered, waits until the server has applied it. */
  webhook(topic: string, payload: unknown, opts?: { webhookId?: string; forgeWith?: string; rawBody?: string; at?: Date }): Promise<WebhookAnswer>;
  dispatch(now: Date): ReturnType<typeof dispatchAt>;
  close(): Promise<void>;
};

export async function startApp(): Promise<App> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-http-"));
  const smtp = await startSmtpSink();
  const database = await createEmptyDatabase(dir, { migrated: false });
  const env = {
    CRM_DEMO: "1",
    CRM_JOBS: "off",
    NODE_ENV: "test",
    DATABASE_URL: database.url,
    CRM_OUTBOX_DIR: path.join(dir, "outbox"),
    SMTP_URL: smtp.url,
  };
  const server = await startServer(env);
  const config = parseEnv({ ...env, PORT: String(server.port) });
  const db = createDb(env.DATABASE_URL);
  let runtime: Runtime | null = null;
  return {
    server,
    smtp,
    db,
    env,
    webhook: async (topic, payload, opts = {}) => {
      const answer = await postWebhook({
        baseUrl: server.url,
        uri: uriForTopic(topic),
        topic,
        shop: SHOP,
        body: opts.rawBody ?? JSON.stringify(payload),
        secret: config.apiSecret,
        webhookId: opts.webhookId,
        forgeWith: opts.forgeWith,
        triggeredAt: opts.at,
      });
      if (answer.status === 200) await waitUntilApplied(db, [answer.webhookId]);
      return answer;
    },
    async dispatch(now) {
      runtime ??= await createRuntime(config, db);
      return dispatchAt(runtime.deps, now);
    },
    async close() {
      runtime?.close();
      await db.$disconnect();
      await server.stop();
      await smtp.close();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
