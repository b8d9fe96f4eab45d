// What /healthz reports: can this process reach its database, and are the dispatcher and the
// application of stored webhooks keeping up.
import type { Db } from "~/db.server";
import { leaseFree, WAITING_STATUSES } from "~/.server/queue/claim";
import type { DispatcherStatus } from "./tick";

export type Health = {
  ok: boolean;
  database: "reachable" | "unreachable";
  dispatcher: {
    running: boolean;
    standby: boolean;
    lastTickAt: string | null;
    /** Age of the oldest message that is due and nobody has claimed; 0 when none waits; null if unknown. */
    lagSeconds: number | null;
  };
  /** Webhooks answered and stored but not yet applied; null if unknown. */
  webhooks: { waiting: number | null; oldestSeconds: number | null };
};

const PROBE_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function dispatcherLagSeconds(db: Db, now: Date): Promise<number> {
  const oldest = await db.message.aggregate({
    _min: { runAt: true },
    where: { AND: [{ status: { in: [...WAITING_STATUSES] }, runAt: { lte: now } }, leaseFree(now)] },
  });
  const runAt = oldest._min.runAt;
  return runAt ? Math.max(0, Math.floor((now.getTime() - runAt.getTime()) / 1000)) : 0;
}

export async function webhookBacklog(db: Db, now: Date): Promise<{ waiting: number; oldestSeconds: number }> {
  const backlog = await db.webhookDelivery.aggregate({ _count: { _all: true }, _min: { receivedAt: true }, where: { outcome: "received" } });
  const oldest = backlog._min.receivedAt;
  return { waiting: backlog._count._all, oldestSeconds: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 1000)) : 0 };
}

export async function checkHealth(db: Db, dispatcher: DispatcherStatus | null, now: Date): Promise<Health> {
  let lagSeconds: number | null = null;
  let webhooks: Health["webhooks"] = { waiting: null, oldestSeconds: null };
  let reachable = true;
  try {
    [lagSeconds, webhooks] = await withTimeout(Promise.all([dispatcherLagSeconds(db, now), webhookBacklog(db, now)]), PROBE_TIMEOUT_MS);
  } catch {
    reachable = false;
  }
  return {
    ok: reachable,
    database: reachable ? "reachable" : "unreachable",
    dispatcher: {
      running: dispatcher?.running ?? false,
      standby: dispatcher?.standby ?? false,
      lastTickAt: dispatcher?.lastTickAt?.toISOString() ?? null,
      lagSeconds,
    },
    webhooks,
  };
}
