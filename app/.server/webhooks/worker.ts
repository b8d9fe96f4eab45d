// Runs the application of stored deliveries inside a server process: started by each delivery the
// process stores (so a webhook is usually applied milliseconds after its answer), and by a sweep on a
// timer for deliveries another process stored and did not apply (it crashed, or only answers).
// createWebhookApplier gives it this process's real dependencies: the database, the clock, and the
// transport that e-mails a data export once the request is committed.
import type { Db } from "~/db.server";
import { applyAllWaiting, type Applied } from "./take";
import type { Env } from "~/env.server";
import { createEmailTransport } from "~/.server/channels/email/transport";
import { deliverDataExport } from "~/.server/compliance/data-request";
import { log, outsideRequest } from "~/.server/log";

export type ApplierDeps = {
  db: Db;
  now: () => Date;
  /** After each batch is committed: side effects that must follow the commit (the data export e-mail). */
  afterBatch?: (applied: Applied[]) => Promise<void>;
  log?: (line: string, fields: Record<string, unknown>) => void;
};

export type Applier = {
  /** Apply what is waiting now; a call while a run is going makes it go round once more. */
  kick(): void;
  /** Sweeps every `ms` until stopped. */
  sweepEvery(ms: number): void;
  /** Stops sweeping and waits for the batch in hand. */
  stop(): Promise<void>;
};

export function createApplier(deps: ApplierDeps): Applier {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const runOnce = async () => {
    try {
      await applyAllWaiting(deps.db, { now: deps.now() }, async (applied) => {
        for (const a of applied) {
          deps.log?.(`webhook ${a.topic} → ${a.outcome}`, { job: "webhook-apply", shop: a.shop, webhookId: a.webhookId, outcome: a.outcome, events: a.events, planned: a.planned, ...(a.outcome === "processed" ? {} : { reason: a.reason }) });
        }
        await deps.afterBatch?.(applied);
      });
    } catch (error) {
      // The database is unreachable or similar: the deliveries stay stored and the next run takes them.
      deps.log?.("applying stored webhooks failed; they wait for the next run", { job: "webhook-apply", error: error instanceof Error ? error.message.split("\n").find(Boolean) : String(error) });
    }
  };

  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await runOnce();
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
  };

  return {
    kick,
    sweepEvery(ms) {
      if (timer) clearInterval(timer);
      timer = setInterval(kick, ms);
      timer.unref();
      kick();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      while (running) await running;
    },
  };
}

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
