// What handling one message reports to the pass.
import type { Message } from "@prisma/client";
import type { DispatchOutcome } from "./types";

export function outcome(m: Message, status: DispatchOutcome["status"], reason: string | null, runAt: Date = m.runAt): DispatchOutcome {
  return { key: m.key, scenario: m.scenario, step: m.step, email: m.email, status, reason, runAt };
}

/** Attempts counted for the message being handled, so an unexpected error does not count twice. */
export type Progress = { attempts: number | null };
