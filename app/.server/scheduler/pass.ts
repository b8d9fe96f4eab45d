// What a dispatcher pass is given and what it reports, shared by the pass (dispatch.ts) and the step
// that handles one message (handle.ts), so neither imports the other's module for its types.
import type { Db } from "~/db.server";
import type { MessageStatus } from "~/domain/types";
import type { EmailTransport } from "~/.server/channels/email/transport";
import type { AdminApi } from "~/.server/shopify/admin-api";
import type { LeaseClock } from "./clock";
import type { createShopCache } from "./context";
import type { Recorder } from "./record-groups";

export type DispatchDeps = {
  db: Db;
  admin: AdminApi;
  transport: EmailTransport;
  appUrl: string;
  secret: string;
  /** The operator's address: a shop's email goes From it until the shop verified its own (~/domain/sender). */
  defaultFrom: string;
  workerId: string;
  random: () => number;
  /**
   * Where leases and send times are read (clock.ts): the database's clock in the app. Without it, the
   * pass's instant stands still for the whole pass (tests that play one simulated instant).
   */
  clock?: LeaseClock;
  leaseMs?: number;
  batchSize?: number;
  /** Messages handled at once (different people only); SMTP_CONNECTIONS of them can be on the wire. */
  concurrency?: number;
  maxAttempts?: number;
  log?: (line: string) => void;
  /** True once shutdown began: the pass finishes the messages in hand and releases the rest it claimed. */
  stopping?: () => boolean;
};

export type DispatchOutcome = {
  key: string;
  scenario: string;
  step: number;
  email: string | null;
  status: Exclude<MessageStatus, "planned">;
  reason: string | null;
  /** When it was due, or for a deferred message when it will be tried again. */
  runAt: Date;
};

/** What the messages of one pass share. */
export type Pass = { deps: DispatchDeps; now: Date; shops: ReturnType<typeof createShopCache>; record: Recorder };
