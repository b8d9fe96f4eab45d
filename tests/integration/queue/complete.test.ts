import { describe, expect, it } from "vitest";
import { claimDueMessages } from "~/.server/queue/claim";
import { markDeferred, markHoldout, markSentMany, markSkipped, skipWaiting } from "~/.server/queue/complete";
import { NOW, SHOP, seedMessages, queueTestDb } from "./seed";

const t = queueTestDb();

const claim = (workerId = "a", limit = 10) => claimDueMessages(t.db, { workerId, now: NOW, leaseMs: 600_000, limit });
const row = (id: string) => t.db.message.findUniqueOrThrow({ where: { id } });

describe("complete", () => {
  it("records several sends in one call, each with its own details, and frees their leases", async () => {
    await seedMessages(t.db, 3);
    const claimed = await claim();
    const done = await markSentMany(
      t.db,
      NOW,
      claimed.map((c, i) => ({ claimed: c, providerMessageId: `<m${i}@test>`, renderedSubject: `Hello ${i}`, locale: i === 0 ? "ko" : "en", variant: i === 1 ? "B" : null, links: i === 2 ? ["https://shop.example/a"] : null })),
    );
    expect(done).toEqual([true, true, true]);
    for (const [i, c] of claimed.entries()) {
      expect(await row(c.id)).toMatchObject({ status: "sent", sentAt: NOW, providerMessageId: `<m${i}@test>`, renderedSubject: `Hello ${i}`, leaseOwner: null, leaseUntil: null });
    }
    expect((await row(claimed[1].id)).variant).toBe("B");
  });

  it("refuses every write once the claim was lost to another worker", async () => {
    const [m] = await seedMessages(t.db, 1);
    const [lost] = await claimDueMessages(t.db, { workerId: "a", now: NOW, leaseMs: 1, limit: 1 });
    const [held] = await claimDueMessages(t.db, { workerId: "b", now: new Date(NOW.getTime() + 10), leaseMs: 600_000, limit: 1 });
    expect(held.id).toBe(m.id);
    expect(await markSentMany(t.db, NOW, [{ claimed: lost, providerMessageId: "x", renderedSubject: "x", locale: "en" }])).toEqual([false]);
    expect(await markSkipped(t.db, lost, "no_consent")).toBe(false);
    expect(await markDeferred(t.db, lost, NOW, "quiet_hours")).toBe(false);
    expect(await markHoldout(t.db, lost, NOW, "control group")).toBe(false);
    expect(await row(m.id)).toMatchObject({ status: "planned", leaseOwner: held.leaseOwner });
  });

  it("stores a decision's reason as code and detail", async () => {
    await seedMessages(t.db, 2);
    const [a, b] = await claim();
    expect(await markSkipped(t.db, a, "no_consent", "unsubscribed on 2 March")).toBe(true);
    const until = new Date(NOW.getTime() + 3_600_000);
    expect(await markDeferred(t.db, b, until, "quiet_hours")).toBe(true);
    expect(await row(a.id)).toMatchObject({ status: "skipped", reason: "no_consent", reasonDetail: "unsubscribed on 2 March", leaseOwner: null });
    expect(await row(b.id)).toMatchObject({ status: "deferred", runAt: until, reason: "quiet_hours", reasonDetail: null, leaseOwner: null });
  });

  it("skips every waiting message that matches, with the reason, and leaves sent ones alone", async () => {
    await seedMessages(t.db, 2);
    const [sent] = await seedMessages(t.db, 1, { status: "sent" });
    expect(await skipWaiting(t.db, { shop: SHOP }, "shop_uninstalled")).toBe(2);
    expect(await t.db.message.count({ where: { status: "skipped", reason: "shop_uninstalled" } })).toBe(2);
    expect((await row(sent.id)).status).toBe("sent");
  });
});
