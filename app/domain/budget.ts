// The per-address frequency budget: one person never gets three campaigns on one day.
import { addDays, addHours, formatDuration } from "./schedule";
import type { ScenarioKey } from "./types";

export type Budget = { minGapHours: number; maxPer7Days: number };

export type BudgetCheck = { ok: true } | { ok: false; until: Date; detail: string };

const WEEK_DAYS = 7;

const emails = (n: number) => (n === 1 ? "1 email" : `${n} emails`);

/**
 * `recentSends`: marketing emails already sent to this address, any scenario. One stamped after `now`
 * counts too: sends are stamped when they are recorded (the lease clock), moments after the instant
 * their pass decides by, and an earlier message of the same pass must hold back the next. A limit of
 * zero or less means that limit is off: a merchant who wants no email switches scenarios off instead.
 */
export function checkBudget(input: { now: Date; recentSends: Date[]; budget: Budget }): BudgetCheck {
  const { now, budget } = input;
  const past = [...input.recentSends].sort((a, b) => a.getTime() - b.getTime());
  const blocks: { until: Date; detail: string }[] = [];

  if (budget.minGapHours > 0 && past.length > 0) {
    const gapStart = addHours(now, -budget.minGapHours).getTime();
    const inGap = past.filter((s) => s.getTime() > gapStart);
    if (inGap.length > 0) {
      const last = inGap[inGap.length - 1];
      blocks.push({
        until: addHours(last, budget.minGapHours),
        detail: `${emails(inGap.length)} in the last ${formatDuration(budget.minGapHours * 3_600_000)} (limit 1)`,
      });
    }
  }

  if (budget.maxPer7Days > 0) {
    const weekStart = addDays(now, -WEEK_DAYS).getTime();
    const inWeek = past.filter((s) => s.getTime() > weekStart);
    if (inWeek.length >= budget.maxPer7Days) {
      // The count falls below the limit once enough of the oldest sends have left the window.
      const leaving = inWeek[inWeek.length - budget.maxPer7Days];
      blocks.push({
        until: addDays(leaving, WEEK_DAYS),
        detail: `${emails(inWeek.length)} in the last 7 days (limit ${budget.maxPer7Days})`,
      });
    }
  }

  if (blocks.length === 0) return { ok: true };
  const binding = blocks.reduce((a, b) => (b.until.getTime() > a.until.getTime() ? b : a));
  return { ok: false, until: binding.until, detail: blocks.map((b) => b.detail).join("; ") };
}

/**
 * Higher priority first, then earlier runAt; stable. When two messages for one person fall due
 * together, the one the merchant ranks higher takes the budget. Unranked scenarios go last.
 */
export function sortByPriority<T extends { scenario: ScenarioKey; runAt: Date }>(items: T[], priority: ScenarioKey[]): T[] {
  const rank = (key: ScenarioKey) => {
    const i = priority.indexOf(key);
    return i === -1 ? priority.length : i;
  };
  return [...items].sort((a, b) => rank(a.scenario) - rank(b.scenario) || a.runAt.getTime() - b.runAt.getTime());
}
