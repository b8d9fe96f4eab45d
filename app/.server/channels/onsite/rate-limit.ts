// A sliding-window request limit per key (visitor id, IP), in memory: one app instance's view, which is
// enough to stop a runaway script or a loop in the storefront from filling the event table.

export type RateLimiter = {
  /** Counts one request for every key; false when any key is over its limit (the request still counts). */
  allow(keys: { key: string; limit: number }[], now: Date): boolean;
};

export type RateLimiterOptions = { windowMs?: number; maxKeys?: number };

export function createRateLimiter(opts: RateLimiterOptions = {}): RateLimiter {
  const windowMs = opts.windowMs ?? 60_000;
  // Bounded memory: the oldest keys go first when a flood of fresh visitor ids arrives.
  const maxKeys = opts.maxKeys ?? 50_000;
  const hits = new Map<string, number[]>();

  function count(key: string, at: number): number {
    const recent = (hits.get(key) ?? []).filter((t) => t > at - windowMs);
    recent.push(at);
    hits.delete(key);
    hits.set(key, recent);
    if (hits.size > maxKeys) {
      const oldest = hits.keys().next().value;
      if (oldest !== undefined) hits.delete(oldest);
    }
    return recent.length;
  }

  return {
    allow(keys, now) {
      const at = now.getTime();
      let allowed = true;
      for (const { key, limit } of keys) if (count(key, at) > limit) allowed = false;
      return allowed;
    },
  };
}
