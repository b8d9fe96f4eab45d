// The app proxy's per-minute request limits, counted by rate-limiter-flexible in the real database:
// what two app instances share, what one shop's visitors cannot take from another's, what is stored
// of an address, and when a window starts again. The library reads the process clock, so only Date is
// faked: each test sets the minute it plays in, and nothing depends on where the wall clock happens to be.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { addressDigest } from "~/.server/channels/onsite/code-caps";
import { createRateLimiter, IP_LIMIT, purgeRateLimits, VISITOR_LIMIT, type RateLimitSubject } from "~/.server/channels/onsite/rate-limit";
import { log } from "~/.server/log";
import { createDb, type Db } from "~/db.server";
import { createTestDb, type TestDb } from "../support/db";

const SHOP = "rate-a.myshopify.com";
const OTHER_SHOP = "rate-b.myshopify.com";
const T0 = new Date("2026-05-04T10:00:00.000Z");
const at = (ms: number) => vi.setSystemTime(T0.getTime() + ms);

let t: TestDb;
let other: Db;

beforeAll(async () => {
  t = await createTestDb();
  // A second client on the same database, as a second app instance has.
  other = createDb(t.url);
});
afterAll(async () => {
  await other?.$disconnect();
  await t?.close();
});
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  at(0);
  await t.db.rateLimiterFlexible.deleteMany();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const subject = (over: Partial<RateLimitSubject> = {}): RateLimitSubject => ({ shop: SHOP, visitorId: "visitor-rate-0001", ip: "198.51.100.20", ...over });

async function ask(limiter: ReturnType<typeof createRateLimiter>, s: RateLimitSubject, times: number): Promise<boolean[]> {
  const answers: boolean[] = [];
  for (let i = 0; i < times; i++) answers.push(await limiter.allow(s));
  return answers;
}

describe("proxy request limits in the database", () => {
  it("allows a visitor the limit within a minute, refuses the next, and refuses until the minute is over", async () => {
    const limiter = createRateLimiter(t.db);
    expect(await ask(limiter, subject(), VISITOR_LIMIT)).toEqual(Array(VISITOR_LIMIT).fill(true));
    expect(await limiter.allow(subject())).toBe(false);
    at(59_000);
    expect(await limiter.allow(subject())).toBe(false);
    at(61_000);
    expect(await ask(limiter, subject(), VISITOR_LIMIT)).toEqual(Array(VISITOR_LIMIT).fill(true));
    expect(await limiter.allow(subject())).toBe(false);
  });

  it("counts each visitor separately but refuses everyone on an address over its limit", async () => {
    const limiter = createRateLimiter(t.db);
    const fresh = (i: number) => subject({ visitorId: `visitor-fresh-${String(i).padStart(4, "0")}` });
    const answers: boolean[] = [];
    for (let i = 0; i < IP_LIMIT; i++) answers.push(await limiter.allow(fresh(i)));
    expect(answers.every(Boolean)).toBe(true);
    expect(await limiter.allow(fresh(IP_LIMIT))).toBe(false);
    // The same visitors from another network are still welcome.
    expect(await limiter.allow({ ...fresh(0), ip: "203.0.113.9" })).toBe(true);
  });

  it("shares one count between two app instances on the same database", async () => {
    const first = createRateLimiter(t.db);
    const second = createRateLimiter(other);
    const answers: boolean[] = [];
    for (let i = 0; i < VISITOR_LIMIT; i++) answers.push(await (i % 2 === 0 ? first : second).allow(subject()));
    expect(answers.every(Boolean)).toBe(true);
    expect(await second.allow(subject())).toBe(false);
    expect(await first.allow(subject())).toBe(false);
  });

  it("counts concurrent requests exactly once each", async () => {
    const limiter = createRateLimiter(t.db);
    const answers = await Promise.all(Array.from({ length: VISITOR_LIMIT + 10 }, (_, i) => (i % 2 === 0 ? limiter : createRateLimiter(other)).allow(subject())));
    expect(answers.filter(Boolean)).toHaveLength(VISITOR_LIMIT);
  });

  it("keeps two shops' counts apart, each under a key that names its shop between bars", async () => {
    const limiter = createRateLimiter(t.db);
    await ask(limiter, subject(), VISITOR_LIMIT + 1);
    expect(await limiter.allow(subject())).toBe(false);
    // The same visitor id from the same address on another shop is another visitor.
    expect(await limiter.allow(subject({ shop: OTHER_SHOP }))).toBe(true);

    const keys = (await t.db.rateLimiterFlexible.findMany({ select: { key: true } })).map((r) => r.key);
    expect(keys.filter((k) => k.includes(`|${SHOP}|`))).toHaveLength(2);
    expect(keys.filter((k) => k.includes(`|${OTHER_SHOP}|`))).toHaveLength(2);
    // What shop/redact deletes for one shop leaves the other's counts alone.
    await t.db.rateLimiterFlexible.deleteMany({ where: { key: { contains: `|${SHOP}|` } } });
    expect(await limiter.allow(subject())).toBe(true);
    expect(await t.db.rateLimiterFlexible.count({ where: { key: { contains: `|${OTHER_SHOP}|` } } })).toBe(2);
  });

  it("stores an address only as a digest per shop, never in clear", async () => {
    const limiter = createRateLimiter(t.db);
    const addresses = ["203.0.113.77", "2001:db8::77"];
    for (const ip of addresses) for (const shop of [SHOP, OTHER_SHOP]) await limiter.allow(subject({ shop, ip }));
    const keys = (await t.db.rateLimiterFlexible.findMany({ select: { key: true } })).map((r) => r.key);
    for (const ip of addresses) {
      expect(keys.some((k) => k.includes(ip))).toBe(false);
      expect(keys).toContain(`proxy-ip:|${SHOP}|${addressDigest(SHOP, ip)}`);
      expect(keys).toContain(`proxy-ip:|${OTHER_SHOP}|${addressDigest(OTHER_SHOP, ip)}`);
    }
  });

  it("lets requests through, with a log line, when the database cannot count them", async () => {
    const broken = await createTestDb();
    try {
      await broken.exec('DROP TABLE "RateLimiterFlexible"');
      const warn = vi.spyOn(log, "warn").mockImplementation(() => undefined);
      const limiter = createRateLimiter(broken.db);
      expect(await ask(limiter, subject(), VISITOR_LIMIT + 1)).toEqual(Array(VISITOR_LIMIT + 1).fill(true));
      expect(warn).toHaveBeenCalled();
      expect(String(warn.mock.calls[0][1])).toMatch(/rate limit not counted/);
    } finally {
      await broken.close();
    }
  });

  it("purges rows whose window ended and keeps the ones still counting", async () => {
    const limiter = createRateLimiter(t.db);
    await limiter.allow(subject({ visitorId: "visitor-gone-0001", ip: "192.0.2.1" }));
    at(30_000);
    await limiter.allow(subject({ visitorId: "visitor-here-0001", ip: "192.0.2.2" }));
    expect(await purgeRateLimits(t.db, new Date(T0.getTime() + 61_000))).toBe(2);
    const left = (await t.db.rateLimiterFlexible.findMany({ select: { key: true } })).map((r) => r.key);
    expect(left).toEqual(expect.arrayContaining([`proxy-visitor:|${SHOP}|visitor-here-0001`]));
    expect(left).toHaveLength(2);
  });
});
