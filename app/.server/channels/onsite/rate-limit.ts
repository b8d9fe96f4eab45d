// Per-minute request limits on the app proxy, per visitor and per client address, counted in our
// database by rate-limiter-flexible's Prisma store so that every app instance sees the same count: a
// script spread over several instances (or a restart) gets no fresh allowance.
//
// Works on both of our clients: each consume is two single statements, a DELETE of the key's expired
// row and a native upsert (INSERT … ON CONFLICT DO UPDATE SET points = points + n), with no interactive
// transaction, so SQLite's one-use-at-a-time connection (sqlite-turns.server.ts) only queues them, and
// concurrent increments on PostgreSQL are atomic.
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "~/db.server";
import { log } from "~/.server/log";
import { addressDigest } from "./code-caps";

/** Per visitor and per client address (several shoppers can share one), per minute. */
export const VISITOR_LIMIT = 20;
export const IP_LIMIT = 120;
const WINDOW_SECONDS = 60;

/** Who a proxy request counts against; the address is only ever stored as a per-shop digest. */
export type RateLimitSubject = { shop: string; visitorId: string; ip: string };

export type RateLimiter = {
  /**
   * Counts one request against the visitor and against the address; false when either is over its
   * limit (the request still counts). There is no `now` to pass: the library stamps each window with
   * this process's clock (Date.now()), so the windows are wall-clock minutes.
   */
  allow(subject: RateLimitSubject): Promise<boolean>;
};

/**
 * rate-limit keys name the shop between bars (`<kind>:|<shop>|<id>`): shop/redact deletes a shop's rows
 * with `key contains "|<shop>|"` (compliance/redact.ts). Shop domains, visitor ids (letters, digits,
 * - and _) and hex digests never contain a bar, so no other shop's key can match.
 */
export const rateLimitKey = (shop: string, id: string) => `|${shop}|${id}`;

export function createRateLimiter(db: Db): RateLimiter {
  const limiter = (kind: string, points: number) =>
    new RateLimiterPrisma({
      storeClient: db,
      // The library reads `storeClient[tableName]`: the Prisma client's property for the model.
      tableName: "rateLimiterFlexible",
      keyPrefix: `proxy-${kind}`,
      points,
      duration: WINDOW_SECONDS,
      // Its own cleaner is a timer per limiter, outliving the client in tests; the daily purge
      // (purgeRateLimits, compliance/jobs.ts) removes expired rows instead, with our clock.
      clearExpiredByTimeout: false,
    });
  const perVisitor = limiter("visitor", VISITOR_LIMIT);
  const perAddress = limiter("ip", IP_LIMIT);

  /** true within the limit, false over it. */
  async function consume(store: RateLimiterPrisma, key: string): Promise<boolean> {
    try {
      await store.consume(key);
      return true;
    } catch (err) {
      if (err instanceof RateLimiterRes) return false;
      // Fail open: these limits only smooth traffic. The limits that protect something (codes per
      // shop and per address per day, signups per network) are counted in the database by the
      // operations themselves, so a request let through here still meets them, and a database that
      // cannot count here fails those operations too. Refusing every shopper's modal because a
      // counter write failed would be the worse outage.
      log.warn({ limiter: store.keyPrefix, err }, "proxy rate limit not counted (database error); request allowed");
      return true;
    }
  }

  return {
    async allow({ shop, visitorId, ip }) {
      const verdicts = await Promise.all([
        consume(perVisitor, rateLimitKey(shop, visitorId)),
        consume(perAddress, rateLimitKey(shop, addressDigest(shop, ip))),
      ]);
      return verdicts.every(Boolean);
    },
  };
}

/** Rows whose window has ended; a key seen again clears its own, this removes the ones never seen again. */
export async function purgeRateLimits(db: Db, now: Date): Promise<number> {
  return (await db.rateLimiterFlexible.deleteMany({ where: { expire: { lte: now } } })).count;
}
