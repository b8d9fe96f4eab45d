// Runs a dispatcher pass on a cron schedule. Passes never overlap. On SQLite only the process holding
// the dispatcher lock runs passes; the others stand by and say so. Stopping lets the messages being
// sent finish, hands back the claimed messages not yet started, and releases the lock.
import cron from "node-cron";
import { dispatchDue, type DispatchDeps } from "~/.server/dispatch/pass";
import { dispatcherLock, type DispatcherLock } from "~/.server/queue/lock";
import { writeBackUnsubscribes } from "~/.server/shopify/consent-sync";
import { advanceBackfills } from "~/.server/backfill/backfill";
import { runConsentNotices } from "~/.server/lifecycle/consent-notice";
import { activatePixels } from "~/.server/pixel/activate";
import { runWinBack } from "~/.server/lifecycle/win-back";

/** The lifecycle jobs (win-back, the consent notice) look for people whose moment came this often. */
const LIFECYCLE_EVERY_MS = 60 * 60_000;

export type DispatcherStatus = {
  /** This process runs passes (false while standing by for another process, or once stopped). */
  running: boolean;
  standby: boolean;
  lastTickAt: Date | null;
};

export type Dispatcher = { stop(): Promise<void>; status(): DispatcherStatus };

export type DispatcherOptions = { cron?: string; now?: () => Date; lock?: DispatcherLock };

export function startDispatcher(deps: DispatchDeps, opts: DispatcherOptions = {}): Dispatcher {
  const now = opts.now ?? (() => new Date());
  const lock = opts.lock ?? dispatcherLock(deps.services.db, deps.identity.workerId);
  let inFlight: Promise<void> | null = null;
  let stopped = false;
  let standby = false;
  let lastTickAt: Date | null = null;
  let lastLifecycleAt: Date | null = null;
  const passDeps: DispatchDeps = { ...deps, stopping: () => stopped };

  const holdsLock = async (at: Date): Promise<boolean> => {
    const held = await lock.acquire(at);
    if (!held && !standby) {
      const holder = await lock.holder();
      deps.services.log?.(`dispatcher standing by: ${holder ? `${holder.owner} dispatches (lease until ${holder.until.toISOString()})` : "another process dispatches"}; one dispatcher at a time on SQLite`);
    }
    if (held && standby) deps.services.log?.("dispatcher taking over: the other process's lease ended");
    standby = !held;
    return held;
  };

  /** Renews the lock while `fn` runs: a pass longer than the lock's lease must not let another process in. */
  const holdingLock = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (lock.leaseMs === null) return fn();
    const timer = setInterval(() => {
      lock.acquire(now()).then(
        (held) => void (held || deps.services.log?.("dispatcher lock lost during a pass: another process holds it")),
        (e) => deps.services.log?.(`dispatcher lock renewal failed: ${e instanceof Error ? e.message : String(e)}`),
      );
    }, Math.max(50, Math.floor(lock.leaseMs / 3)));
    try {
      return await fn();
    } finally {
      clearInterval(timer);
    }
  };

  const pass = async () => {
    try {
      const at = now();
      if (!(await holdsLock(at))) return;
      lastTickAt = at;
      const { outcomes, reclaimed } = await holdingLock(() => dispatchDue(passDeps, at));
      if (outcomes.length > 0 || reclaimed > 0) deps.services.log?.(`dispatch pass: ${outcomes.length} message(s), ${reclaimed} stale lease(s) reclaimed`);
      // Then unsubscribes still to be written back to Shopify, with the same Admin API and clock.
      const synced = await writeBackUnsubscribes(deps.services, at);
      if (synced.done + synced.notCustomers + synced.retried + synced.failed > 0) deps.services.log?.(`consent write-back: ${JSON.stringify(synced)}`);
      // And the install-time reads of existing customers.
      const backfills = await advanceBackfills(deps.services, at);
      if (backfills.started + backfills.imported + backfills.retried + backfills.failed > 0) deps.services.log?.(`customer backfill: ${JSON.stringify(backfills)}`);
      // And the web pixel of newly installed shops (or of every shop, when the app's URL changed).
      const pixels = await activatePixels({ ...deps.services, appUrl: deps.identity.appUrl }, at);
      if (pixels.activated + pixels.retried + pixels.failed > 0) deps.services.log?.(`web pixel: ${JSON.stringify(pixels)}`);
      // And, hourly, the lifecycle jobs (what they plan is due from the next pass on).
      if (!lastLifecycleAt || at.getTime() - lastLifecycleAt.getTime() >= LIFECYCLE_EVERY_MS) {
        lastLifecycleAt = at;
        const winBack = await runWinBack(deps.services.db, at);
        if (winBack.planned + winBack.sunset > 0) deps.services.log?.(`win-back: ${winBack.planned} series planned, ${winBack.sunset} sunset`);
        const notices = await runConsentNotices(deps.services.db, at);
        if (notices.planned > 0) deps.services.log?.(`consent notices: ${notices.planned} planned`);
      }
    } catch (e) {
      // A pass that fails as a whole (database gone) is tried again at the next tick.
      deps.services.log?.(`dispatch pass failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const run = async () => {
    if (stopped) return;
    const current = pass();
    inFlight = current;
    await current;
    if (inFlight === current) inFlight = null;
  };

  const task = cron.schedule(opts.cron ?? "* * * * *", run, { noOverlap: true });
  // Take the lock (or learn who has it) now rather than at the first tick.
  void holdsLock(now()).catch((e) => deps.services.log?.(`dispatcher lock: ${e instanceof Error ? e.message : String(e)}`));

  return {
    async stop() {
      stopped = true;
      await task.stop();
      await inFlight;
      await task.destroy();
      await lock.release().catch((e) => deps.services.log?.(`dispatcher lock release failed: ${e instanceof Error ? e.message : String(e)}`));
    },
    status: () => ({ running: !stopped && !standby, standby, lastTickAt }),
  };
}
