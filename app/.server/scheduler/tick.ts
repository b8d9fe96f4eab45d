// Runs a dispatcher pass on a cron schedule. Passes never overlap, and stopping waits for the
// pass in flight, so a shutdown does not leave leases behind mid-send.
import cron from "node-cron";
import { dispatchDue, type DispatchDeps } from "./dispatch";

export type Dispatcher = { stop(): Promise<void> };

export function startDispatcher(deps: DispatchDeps, opts: { cron?: string; now?: () => Date } = {}): Dispatcher {
  const now = opts.now ?? (() => new Date());
  let inFlight: Promise<void> | null = null;
  let stopped = false;

  const pass = async () => {
    try {
      const { outcomes, reclaimed } = await dispatchDue(deps, now());
      if (outcomes.length > 0 || reclaimed > 0) deps.log?.(`dispatch pass: ${outcomes.length} message(s), ${reclaimed} stale lease(s) reclaimed`);
    } catch (e) {
      // A pass that fails as a whole (database gone) is tried again at the next tick.
      deps.log?.(`dispatch pass failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const task = cron.schedule(
    opts.cron ?? "* * * * *",
    async () => {
      if (stopped) return;
      const run = pass();
      inFlight = run;
      await run;
      if (inFlight === run) inFlight = null;
    },
    { noOverlap: true },
  );

  return {
    async stop() {
      stopped = true;
      await task.stop();
      await inFlight;
      await task.destroy();
    },
  };
}
