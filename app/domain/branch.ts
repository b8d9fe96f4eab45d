// Steps that branch on engagement: any step after the first may require that the step before it was
// not opened, was not clicked, or was clicked. Checked at send time; a step whose condition does not
// hold is skipped with the reason (`branch_not_met: step 1 clicked`) and uses no budget.

export const BRANCH_CONDITIONS = ["always", "not_opened", "not_clicked", "clicked"] as const;
export type BranchCondition = (typeof BRANCH_CONDITIONS)[number];

export function isBranchCondition(value: unknown): value is BranchCondition {
  return typeof value === "string" && (BRANCH_CONDITIONS as readonly string[]).includes(value);
}

/**
 * What became of the step before: still waiting to be decided, sent, or decided without a send (skipped,
 * failed, held out). Null when it was never planned. Opens and clicks are those of our tracking.
 */
export type PreviousStep = { step: number; state: "waiting" | "sent" | "not_sent"; opened: boolean; clicked: boolean };

export type BranchCheck = { met: true } | { met: false; wait: true } | { met: false; wait: false; detail: string };

/** Whether the step's condition holds now. Steps are shown counted from 1. A previous step not decided yet is waited for. */
export function branchCheck(condition: BranchCondition, previous: PreviousStep | null): BranchCheck {
  if (condition === "always") return { met: true };
  if (previous?.state === "waiting") return { met: false, wait: true };
  const detail = branchNotMet(condition, previous);
  return detail ? { met: false, wait: false, detail } : { met: true };
}

/** Why the step's condition does not hold, or null when it does. */
export function branchNotMet(condition: BranchCondition, previous: PreviousStep | null): string | null {
  if (condition === "always") return null;
  if (!previous || previous.state !== "sent") return `step ${previous ? previous.step + 1 : "before"} was not sent`;
  const n = previous.step + 1;
  switch (condition) {
    case "not_opened":
      return previous.opened ? `step ${n} opened` : null;
    case "not_clicked":
      return previous.clicked ? `step ${n} clicked` : null;
    case "clicked":
      return previous.clicked ? null : `step ${n} not clicked`;
  }
}
