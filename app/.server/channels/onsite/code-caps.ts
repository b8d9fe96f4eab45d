// How many exit-intent codes anonymous visitors can take: per shop per day (the merchant's setting)
// and per client address per day. The counts live in the database (UsageCounter), so every app
// instance enforces the same caps; each count is one atomic statement.
import { createHash } from "node:crypto";
import type { Db } from "~/db.server";

/** Codes one address may take in a day: a household or an office, not a script. */
export const CODES_PER_ADDRESS_PER_DAY = 3;
const DAY_MS = 86_400_000;

export const dayOf = (now: Date) => now.toISOString().slice(0, 10);
export const endOfDay = (now: Date) => new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS);

/** An address is personal data: counters hold a digest of it, keyed per shop. */
export const addressDigest = (shop: string, ip: string) => createHash("sha256").update(`address\u0000${shop}\u0000${ip}`).digest("hex").slice(0, 24);

export const capKeys = (shop: string, ip: string, now: Date) => ({
  shop: `codes:shop:${shop}:${dayOf(now)}`,
  address: `codes:ip:${shop}:${addressDigest(shop, ip)}:${dayOf(now)}`,
});

/** Adds one and returns the new count. */
export function countOne(db: Db, shop: string, key: string, expiresAt: Date): Promise<number> {
  return countBy(db, shop, key, 1, expiresAt);
}

/** Adds `n` and returns the new count, in one statement: concurrent counts never lose one. */
export async function countBy(db: Db, shop: string, key: string, n: number, expiresAt: Date): Promise<number> {
  const rows = await db.$queryRaw<{ count: number | bigint }[]>`
    INSERT INTO "UsageCounter" ("key", "shop", "count", "expiresAt") VALUES (${key}, ${shop}, ${n}, ${expiresAt})
    ON CONFLICT ("key") DO UPDATE SET "count" = "UsageCounter"."count" + ${n}
    RETURNING "count"`;
  return Number(rows[0]?.count ?? 0);
}

async function current(db: Db, key: string): Promise<number> {
  return (await db.usageCounter.findUnique({ where: { key } }))?.count ?? 0;
}

export type CapVerdict = { ok: true } | { ok: false; cap: "shop" | "address" };

/** Whether a new code could be issued now, without counting one (for /offer: show nothing over a cap). */
export async function codesLeft(db: Db, shop: string, ip: string, perDay: number, now: Date): Promise<CapVerdict> {
  const keys = capKeys(shop, ip, now);
  if ((await current(db, keys.address)) >= CODES_PER_ADDRESS_PER_DAY) return { ok: false, cap: "address" };
  if ((await current(db, keys.shop)) >= perDay) return { ok: false, cap: "shop" };
  return { ok: true };
}

/**
 * Takes one code from both caps, address first: an address over its cap does not use up the shop's.
 * A refused attempt still counts against the address, so a script cannot keep probing for free.
 */
export async function takeCode(db: Db, shop: string, ip: string, perDay: number, now: Date): Promise<CapVerdict> {
  const keys = capKeys(shop, ip, now);
  const until = endOfDay(now);
  if ((await countOne(db, shop, keys.address, until)) > CODES_PER_ADDRESS_PER_DAY) return { ok: false, cap: "address" };
  if ((await countOne(db, shop, keys.shop, until)) > perDay) return { ok: false, cap: "shop" };
  return { ok: true };
}

/** Counters whose window ended (run by the daily purge). */
export async function purgeUsageCounters(db: Db, now: Date): Promise<number> {
  return (await db.usageCounter.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}

const REFUSALS_KEPT_MS = 90 * DAY_MS;
export const refusalKey = (shop: string, now: Date) => `codes:refused:${shop}:${dayOf(now)}`;

/** Every refused attempt is counted per shop and day (no visitor data): the report shows the last week's. */
export async function countRefusal(db: Db, shop: string, now: Date): Promise<void> {
  await countOne(db, shop, refusalKey(shop, now), new Date(now.getTime() + REFUSALS_KEPT_MS));
}

export async function refusalsSince(db: Db, shop: string, since: Date, now: Date): Promise<number> {
  const keys: string[] = [];
  for (let t = Math.floor(since.getTime() / DAY_MS) * DAY_MS; t <= now.getTime(); t += DAY_MS) keys.push(refusalKey(shop, new Date(t)));
  const rows = await db.usageCounter.findMany({ where: { key: { in: keys } }, select: { count: true } });
  return rows.reduce((sum, r) => sum + r.count, 0);
}
