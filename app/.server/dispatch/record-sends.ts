// A sent message writes twice: its attempt before the send, the send after. One statement each, they
// would be most of the database's work per message (a commit each, and Prisma's cost per call). With
// several messages in flight these writes arrive close together, so they are written in groups:
// whatever arrived in the same turn of the event loop (several SMTP replies read at once, a batch's
// messages reaching their attempt together), and whatever arrives while a group is being written.
// Nothing waits for a group to fill up.
import type { Db } from "~/db.server";
import type { LeaseClock } from "~/.server/queue/clock";
import { markSentMany, type Claimed, type SentRecord } from "~/.server/queue/complete";
import { recordSendAttempts } from "~/.server/queue/fail";

/** Bound parameters stay far below either database's limit. */
const GROUP_LIMIT = 100;

export type Recorder = {
  /** Counts a send attempt: the attempts so far, or null when the claim was lost (then do not send). */
  attempt(claimed: Claimed): Promise<number | null>;
  /** Records the send (markSentMany) at the lease clock's time of the write: false when the claim was lost. */
  sent(claimed: Claimed, sent: Omit<SentRecord, "at">): Promise<boolean>;
};

function grouped<T, R>(write: (items: T[]) => Promise<R[]>): (item: T) => Promise<R> {
  let waiting: { item: T; done: (r: R) => void; fail: (e: unknown) => void }[] = [];
  let writing = false;
  const drain = async () => {
    while (waiting.length > 0) {
      // Taken when the last group is written, so the next holds everything that arrived meanwhile.
      const group = waiting.slice(0, GROUP_LIMIT);
      waiting = waiting.slice(group.length);
      try {
        const results = await write(group.map((g) => g.item));
        group.forEach((g, i) => g.done(results[i]));
      } catch (e) {
        for (const g of group) g.fail(e);
      }
    }
    writing = false;
  };
  return (item) =>
    new Promise<R>((done, fail) => {
      waiting.push({ item, done, fail });
      if (!writing) {
        writing = true;
        setImmediate(() => void drain());
      }
    });
}

export function createRecorder(db: Db, lease: { clock: LeaseClock; leaseMs: number }): Recorder {
  const sentMany = grouped(async (sends: (Omit<SentRecord, "at"> & { claimed: Claimed })[]) => markSentMany(db, await lease.clock.read(), sends));
  return {
    attempt: grouped(async (claimed: Claimed[]) => recordSendAttempts(db, claimed, { at: await lease.clock.read(), leaseMs: lease.leaseMs })),
    sent: (claimed, sent) => sentMany({ claimed, ...sent }),
  };
}
