// The applier with this process's real dependencies: the database, the clock, and the transport that
// e-mails a data export once the request is committed.
import type { Db } from "~/db.server";
import type { Env } from "~/env.server";
import { createEmailTransport } from "~/.server/channels/email/transport";
import { deliverDataExport } from "~/.server/compliance/data-request";
import { log, outsideRequest } from "~/.server/log";
import { createApplier, type Applier } from "./applier";
import type { Applied } from "./apply-received";

/** Stored deliveries another process left waiting are looked for this often by a jobs instance. */
export const SWEEP_MS = 5_000;

async function sendDataExports(db: Db, config: Env, applied: Applied[]): Promise<void> {
  const requests = applied.filter((a) => a.dataRequest);
  if (requests.length === 0) return;
  const transport = createEmailTransport({ smtpUrl: config.smtpUrl, outboxDir: config.outboxDir });
  try {
    for (const a of requests) {
      try {
        await deliverDataExport({ db, transport, mailFrom: config.mailFrom, now: () => new Date() }, a.webhookId, a.dataRequest);
      } catch (error) {
        // The request stays pending: the compliance job tries again, and Shopify already has its 200.
        log.error({ job: "data-request", webhookId: a.webhookId, err: error }, "data export failed");
      }
    }
  } finally {
    transport.close();
  }
}

/** Each run serves every request that stored something, so none of their request ids is its own. */
export function createWebhookApplier(db: Db, config: Env): Applier {
  const applier = createApplier({
    db,
    now: () => new Date(),
    afterBatch: (applied) => sendDataExports(db, config, applied),
    log: (line, fields) => (fields.outcome === "processed" ? log.info(fields, line) : log.warn(fields, line)),
  });
  return { ...applier, kick: () => outsideRequest(() => applier.kick()) };
}

let shared: Applier | null = null;

/** The process's one applier: the webhook routes kick it, and a jobs process also sweeps with it. */
export function processApplier(db: Db, config: Env): Applier {
  return (shared ??= createWebhookApplier(db, config));
}
