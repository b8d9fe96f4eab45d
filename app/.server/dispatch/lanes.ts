// Runs tasks at most `limit` at a time, except that tasks sharing a key run one after another, in
// the order they were added. The dispatcher keys each message by its person: one person's messages
// must each see the outcome of the one before (the frequency budget), other people's go in parallel.
export type Lanes = {
  /** Starts `task` once every earlier task with one of these keys has settled and a place is free. */
  run<T>(keys: string[], task: () => Promise<T>): Promise<T>;
};

export function createLanes(limit: number): Lanes {
  const tails = new Map<string, Promise<void>>();
  const waiting: (() => void)[] = [];
  let running = 0;

  const enter = (): Promise<void> | void => {
    if (running < limit) {
      running++;
      return;
    }
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
  // A place handed straight to the next waiter stays counted as running.
  const leave = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };

  return {
    run(keys, task) {
      const before = keys.flatMap((k) => tails.get(k) ?? []);
      const result = (async () => {
        if (before.length > 0) await Promise.all(before);
        await enter();
        try {
          return await task();
        } finally {
          leave();
        }
      })();
      const settled = result.then(
        () => {},
        () => {},
      );
      for (const k of keys) tails.set(k, settled);
      void settled.then(() => {
        for (const k of keys) if (tails.get(k) === settled) tails.delete(k);
      });
      return result;
    },
  };
}
