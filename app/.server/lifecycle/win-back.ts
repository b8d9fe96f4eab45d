// The win-back job: plans the three steps for buyers who turned dormant, and sunsets those who let the
// last step go unanswered. Runs hourly beside the dispatcher; every write is idempotent by key, so two
// instances running it at once plan and sunset each person once.
import { isUniqueViolation, type Db } from "~/db.server";
import { addDays } from "~/domain/schedule";
import { WIN_BACK_STEPS } from "~/domain/scenarios";
import { dormantWindow, planWinBack, sunsetDue, winBackKey, type DormantCustomer } from "~/domain/win-back";
import { applyPlan } from "~/.server/queue/enqueue";
import { loadShopScenarios } from "~/.server/shops";

/** Customers read per statement while looking for dormant buyers. */
const PAGE = 500;
/** A last step older than its sunset delay plus this is no longer looked at (the job was down a week at most). */
const SUNSET_CATCH_UP_DAYS = 7;

export type WinBackRun = { planned: number; sunset: number };

/** One pass over every installed shop that has switched win-back on. */
export async function runWinBack(db: Db, now: Date): Promise<WinBackRun> {
  const total: WinBackRun = { planned: 0, sunset: 0 };
  const on = await db.scenarioSetting.findMany({ where: { scenario: "win-back", enabled: true }, select: { shop: true } });
  if (on.length === 0) return total;
  const shops = await db.shop.findMany({ where: { domain: { in: on.map((s) => s.shop) }, uninstalledAt: null }, select: { domain: true, segmentDormantDays: true } });
  for (const shop of shops) {
    const settings = (await loadShopScenarios(db, shop.domain)).settings("win-back");
    total.planned += await planDormant(db, shop.domain, { settings, dormantDays: shop.segmentDormantDays }, now);
    total.sunset += await sunsetUnanswered(db, shop.domain, settings.sunsetAfterDays, now);
  }
  return total;
}

async function planDormant(db: Db, shop: string, ctx: { settings: Parameters<typeof planWinBack>[1]["settings"]; dormantDays: number }, now: Date): Promise<number> {
  const { lastOrderFrom, lastOrderTo } = dormantWindow(ctx.dormantDays, now);
  let planned = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await db.customer.findMany({
      // Subscribers only: a series for someone who cannot receive marketing would be three skips.
      where: { shop, ordersCount: { gte: 1 }, email: { not: null }, emailConsent: "subscribed", lastOrderAt: { gte: lastOrderFrom, lte: lastOrderTo } },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, shopifyId: true, email: true, lastOrderAt: true },
    });
    if (page.length === 0) return planned;
    cursor = page[page.length - 1].id;
    const dormant: DormantCustomer[] = page.map((c) => ({ shopifyId: c.shopifyId, email: c.email!, lastOrderAt: c.lastOrderAt! }));
    // Only those whose series for this dormant spell does not exist yet: most pages plan nothing.
    const keys = dormant.map((c) => winBackKey(shop, c));
    const known = new Set((await db.message.findMany({ where: { key: { in: keys } }, select: { key: true } })).map((m) => m.key));
    const actions = dormant.filter((c) => !known.has(winBackKey(shop, c))).flatMap((c) => planWinBack(c, { shop, ...ctx }, now));
    if (actions.length > 0) planned += (await db.$transaction((tx) => applyPlan(tx, shop, actions))).planned.length / WIN_BACK_STEPS;
    if (page.length < PAGE) return planned;
  }
}

/**
 * Readers of the last step who never clicked it (neither "keep writing" nor anything else) within the
 * delay are suppressed with reason `sunset`: no marketing email reaches them, and nothing is written back
 * to Shopify. A `sunset` event on the step records it, so a merchant's reversal is not undone by the next run.
 */
async function sunsetUnanswered(db: Db, shop: string, sunsetAfterDays: number, now: Date): Promise<number> {
  const lastSteps = await db.message.findMany({
    where: {
      shop,
      scenario: "win-back",
      step: WIN_BACK_STEPS - 1,
      status: "sent",
      holdout: false,
      test: false,
      email: { not: null },
      sentAt: { lte: addDays(now, -sunsetAfterDays), gte: addDays(now, -sunsetAfterDays - SUNSET_CATCH_UP_DAYS) },
    },
    select: { id: true, email: true, sentAt: true },
  });
  if (lastSteps.length === 0) return 0;
  const answered = new Set(
    (await db.messageEvent.findMany({ where: { shop, messageId: { in: lastSteps.map((m) => m.id) }, type: { in: ["click", "sunset"] } }, select: { messageId: true } })).map((e) => e.messageId),
  );
  let sunset = 0;
  for (const m of lastSteps) {
    if (answered.has(m.id) || !m.sentAt || !sunsetDue(m.sentAt, { sunsetAfterDays }, now)) continue;
    const email = m.email!;
    const done = await db
      .$transaction(async (tx) => {
        const event = await tx.messageEvent.findUnique({ where: { key: `sunset:${m.id}` }, select: { id: true } });
        if (event) return false;
        await tx.messageEvent.create({ data: { key: `sunset:${m.id}`, shop, messageId: m.id, scenario: "win-back", type: "sunset", at: now } });
        // An address already suppressed (unsubscribed, bounced) keeps its stronger reason.
        const existing = await tx.suppression.findUnique({ where: { shop_email: { shop, email } }, select: { id: true } });
        if (!existing) await tx.suppression.create({ data: { shop, email, reason: "sunset", createdAt: now } });
        return true;
      })
      // Another instance sunset the same reader at the same moment: its write stands.
      .catch((e: unknown) => {
        if (isUniqueViolation(e)) return false;
        throw e;
      });
    if (done) sunset++;
  }
  return sunset;
}

/**
 * The merchant brings a sunset person back: their address receives marketing again. The `sunset_reversed`
 * event sits on the last step beside the `sunset` one, so the timeline shows both and the job leaves them be.
 * Returns false when the address was not sunset (an unsubscribe is never reversed here).
 */
export async function reverseSunset(db: Db, shop: string, email: string, now: Date): Promise<boolean> {
  const address = email.trim().toLowerCase();
  return db.$transaction(async (tx) => {
    const removed = await tx.suppression.deleteMany({ where: { shop, email: address, reason: "sunset" } });
    if (removed.count === 0) return false;
    const last = await tx.message.findFirst({ where: { shop, email: address, scenario: "win-back", step: WIN_BACK_STEPS - 1, status: "sent" }, orderBy: { sentAt: "desc" }, select: { id: true } });
    if (last) await tx.messageEvent.create({ data: { key: `sunset-reversed:${last.id}:${now.getTime()}`, shop, messageId: last.id, scenario: "win-back", type: "sunset_reversed", at: now } });
    return true;
  });
}

/** Whether the address is sunset now (for the person's page). */
export async function isSunset(db: Db, shop: string, email: string): Promise<boolean> {
  return (await db.suppression.count({ where: { shop, email: email.trim().toLowerCase(), reason: "sunset" } })) > 0;
}
