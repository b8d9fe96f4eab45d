// One dispatcher pass: claim what is due, re-check each message against the facts of now, and send,
// skip or defer it, recording why. Several messages are in flight at once, but one person's messages
// are handled one after another in the shop's priority order, so that when one person has several
// due, the one the merchant ranks highest takes the frequency budget and the next one sees it.
import type { Message } from "@prisma/client";
import { sortByPriority } from "~/domain/budget";
import { DEFAULT_PRIORITY } from "~/domain/scenarios";
import type { ScenarioKey } from "~/domain/types";
import { claimDueMessages, renewLeases } from "~/.server/queue/claim";
import { releaseClaims } from "~/.server/queue/release";
import { fixedClock, movingClock, type LeaseClock } from "~/.server/queue/clock";
import { createShopCache, type MessageContext } from "./facts";
import { loadMessageContexts } from "./facts-load";
import { handleSafely } from "./deliver";
import type { DispatchDeps, DispatchOutcome, Pass } from "./types";
import { createLanes } from "./lanes";
import { createRecorder } from "./record-sends";
import { resetStaleLeases } from "~/.server/queue/reset-stale";

export type { DispatchDeps, DispatchOutcome } from "./types";

export const DISPATCH_CONCURRENCY = 16;
const DEFAULT_LEASE_MS = 5 * 60_000;
const DEFAULT_BATCH = 100;

type Shops = ReturnType<typeof createShopCache>;

/** A message's person: its address and its customer, each within the shop. */
function personKeys(m: Message): string[] {
  const keys = [...(m.email ? [`email:${m.shop}:${m.email.toLowerCase()}`] : []), ...(m.customerShopifyId ? [`customer:${m.shop}:${m.customerShopifyId}`] : [])];
  return keys.length > 0 ? keys : [`message:${m.id}`];
}

/**
 * A pass at a chosen instant (the CLI's `dispatch --now`, the demo's story, tests that play time):
 * leases and send times move on from that instant as real time passes, so that what the pass records
 * (`sentAt`, which the frequency budget reads) is in the same time as what it decides. Not for a
 * database that a live dispatcher also works on: their leases would be in different times.
 */
export function dispatchAt(deps: DispatchDeps, at: Date): ReturnType<typeof dispatchDue> {
  return dispatchDue({ ...deps, services: { ...deps.services, clock: movingClock(at) } }, at);
}

export async function dispatchDue(deps: DispatchDeps, now: Date): Promise<{ outcomes: DispatchOutcome[]; reclaimed: number }> {
  const clock = deps.services.clock ?? fixedClock(now);
  const leaseMs = deps.tuning?.leaseMs ?? DEFAULT_LEASE_MS;
  const pass: Pass = { deps, now, shops: createShopCache(deps.services.db), record: createRecorder(deps.services.db, { clock, leaseMs }) };
  const reclaimed = await resetStaleLeases(deps.services.db, await clock.read());
  const leases = keepLeases(pass, clock, leaseMs);
  const concurrency = deps.tuning?.concurrency ?? DISPATCH_CONCURRENCY;
  const lanes = createLanes(concurrency);
  const handled: string[] = [];
  const seen = new Set<string>();
  const outcomes: { order: number; outcome: DispatchOutcome }[] = [];
  const unstarted: Message[] = [];
  const queued = new Set<Promise<void>>();
  let order = 0;

  const enqueue = (m: Message, ctx: MessageContext | null) => {
    const position = order++;
    const job = lanes.run(personKeys(m), async () => {
      if (deps.stopping?.()) {
        unstarted.push(m);
        return;
      }
      const outcome = await handleSafely(pass, m, ctx);
      // Only a message that may be due again this pass needs excluding: a list of every id handled
      // would outgrow the database's bound-parameter limit after about a thousand messages.
      if (!outcome || (outcome.status === "deferred" && outcome.runAt <= now)) handled.push(m.id);
      if (!outcome) return;
      outcomes.push({ order: position, outcome });
      deps.services.log?.(`dispatch ${outcome.status} ${m.scenario}#${m.step} shop=${m.shop} message=${m.id}${outcome.reason ? ` reason=${outcome.reason.split(":")[0]}` : ""}`);
    });
    const tracked: Promise<void> = job.finally(() => queued.delete(tracked));
    queued.add(tracked);
  };

  try {
    while (!deps.stopping?.()) {
      // The next batch is claimed while the last of this one is in flight, not earlier: claimed
      // messages wait with their lease running and their facts read at claim time.
      while (queued.size > concurrency) await Promise.race(queued);
      if (deps.stopping?.()) break;
      const leaseNow = await clock.read();
      const batch = await claimDueMessages(deps.services.db, { workerId: deps.identity.workerId, now, leaseNow, leaseMs, limit: deps.tuning?.batchSize ?? DEFAULT_BATCH, exclude: handled });
      leases.hold(batch);
      if (batch.length === 0) {
        if (queued.size === 0) break;
        // What is in flight may hand messages back (another instance's release, a lost lease): look once more after.
        await Promise.all(queued);
        continue;
      }
      const ordered = await inPriorityOrder(batch, pass.shops);
      const contexts = await readAhead(pass, ordered, seen);
      for (const m of ordered) enqueue(m, contexts.get(m.id) ?? null);
    }
    await Promise.all(queued);
  } finally {
    await leases.stop();
  }
  if (unstarted.length > 0) await releaseClaims(deps.services.db, unstarted);
  return { outcomes: outcomes.sort((a, b) => a.order - b.order).map((o) => o.outcome), reclaimed };
}

/**
 * Keeps the pass's claims alive: every third of a lease, the claims still in hand get a whole lease
 * from the lease clock's time. A pass slower than one lease (a slow SMTP server, a long backlog) thus
 * never holds a claim past its lease, and another instance cannot take and send the same message. A
 * renewal that fails is logged; the attempt write before each send refuses a lease that ran out.
 */
function keepLeases(pass: Pass, clock: LeaseClock, leaseMs: number) {
  const tokens = new Set<string>();
  let renewing: Promise<void> = Promise.resolve();
  const renew = async () => {
    try {
      await renewLeases(pass.deps.services.db, [...tokens], new Date((await clock.read()).getTime() + leaseMs));
    } catch (e) {
      pass.deps.services.log?.(`dispatch lease renewal failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const timer = setInterval(() => {
    renewing = renewing.then(renew);
  }, Math.max(50, Math.floor(leaseMs / 3)));
  timer.unref();
  return {
    hold(batch: Message[]) {
      for (const m of batch) if (m.leaseOwner) tokens.add(m.leaseOwner);
    },
    async stop() {
      clearInterval(timer);
      await renewing;
    },
  };
}

/**
 * Contexts for the batch, read in one go, for each person's first message of the pass only: a later
 * message of the same person reads its own when its turn comes, after the earlier one was recorded.
 */
async function readAhead(pass: Pass, ordered: Message[], seen: Set<string>): Promise<Map<string, MessageContext>> {
  const byShop = new Map<string, Message[]>();
  for (const m of ordered) {
    const keys = personKeys(m);
    const first = keys.every((k) => !seen.has(k));
    for (const k of keys) seen.add(k);
    if (first) byShop.set(m.shop, [...(byShop.get(m.shop) ?? []), m]);
  }
  const contexts = new Map<string, MessageContext>();
  for (const [domain, messages] of byShop) {
    const shop = await pass.shops(domain);
    if (!shop) continue;
    const read = await loadMessageContexts(pass.deps.services.db, shop, messages, pass.now);
    for (const [id, ctx] of read) contexts.set(id, ctx);
  }
  return contexts;
}

async function inPriorityOrder(batch: Message[], shops: Shops): Promise<Message[]> {
  const byShop = new Map<string, Message[]>();
  for (const m of batch) byShop.set(m.shop, [...(byShop.get(m.shop) ?? []), m]);
  const ordered: Message[] = [];
  for (const [domain, messages] of byShop) {
    const priority = (await shops(domain))?.policy.priority ?? DEFAULT_PRIORITY;
    ordered.push(...sortByPriority(messages as (Message & { scenario: ScenarioKey })[], priority));
  }
  return ordered;
}
