import { describe, expect, it } from "vitest";
import { claimDueMessages } from "~/.server/queue/claim";
import { DEFAULT_MAX_ATTEMPTS, failOrRetry, recordSendAttempts } from "~/.server/queue/fail";
import { NOW, seedMessages, queueTestDb } from "./seed";

const t = queueTestDb();

const LEASE = 600_000;
const claimOne = async () => (await claimDueMessages(t.db, { workerId: "a", now: NOW, leaseMs: LEASE, limit: 1 }))[0];
const row = (id: string) => t.db.message.findUniqueOrThrow({ where: { id } });

describe("fail", () => {
  it("counts an attempt before the send, for every claim still held", async () => {
    await seedMessages(t.db, 2);
    const claimed = await claimDueMessages(t.db, { workerId: "a", now: NOW, leaseMs: LEASE, limit: 2 });
    expect(await recordSendAttempts(t.db, claimed, { at: NOW, leaseMs: LEASE })).toEqual([1, 1]);
    expect(await recordSendAttempts(t.db, claimed, { at: NOW, leaseMs: LEASE })).toEqual([2, 2]);
  });

  it("retries a transient failure later, with the attempt in the reason", async () => {
    await seedMessages(t.db, 1);
    const m = await claimOne();
    const outcome = await failOrRetry(t.db, m, { now: NOW, error: "421 try later", transient: true, attempts: 1, random: () => 0.5 });
    expect(outcome).toEqual({ status: "deferred", runAt: new Date(NOW.getTime() + 60_000), reason: `send_retry: 421 try later (attempt 1 of ${DEFAULT_MAX_ATTEMPTS})` });
    expect(await row(m.id)).toMatchObject({ reason: "send_retry", reasonDetail: `421 try later (attempt 1 of ${DEFAULT_MAX_ATTEMPTS})` });
    expect(await row(m.id)).toMatchObject({ status: "deferred", leaseOwner: null, runAt: new Date(NOW.getTime() + 60_000) });
  });

  it("gives up on a permanent failure at once, and on a transient one when the attempts run out", async () => {
    await seedMessages(t.db, 2);
    const permanent = await claimOne();
    expect(await failOrRetry(t.db, permanent, { now: NOW, error: "550 no such user", transient: false, attempts: 1, random: Math.random })).toEqual({ status: "failed", reason: "send_failed: 550 no such user" });
    expect(await row(permanent.id)).toMatchObject({ status: "failed", reason: "send_failed", reasonDetail: "550 no such user" });
    const worn = await claimOne();
    const outcome = await failOrRetry(t.db, worn, { now: NOW, error: "421 busy", transient: true, attempts: 3, maxAttempts: 3, random: Math.random });
    expect(outcome).toEqual({ status: "failed", reason: "send_failed: 421 busy (gave up after 3 attempts)" });
    expect((await row(worn.id)).status).toBe("failed");
  });

  it("writes nothing once the claim was lost", async () => {
    const [m] = await seedMessages(t.db, 1);
    const lost = await claimOne();
    await t.db.message.update({ where: { id: m.id }, data: { leaseOwner: "b:other" } });
    expect(await failOrRetry(t.db, lost, { now: NOW, error: "x", transient: false, attempts: 1, random: Math.random })).toBeNull();
    expect(await recordSendAttempts(t.db, [lost], { at: NOW, leaseMs: LEASE })).toEqual([null]);
    expect(await row(m.id)).toMatchObject({ status: "planned", attempts: 0 });
  });
});
