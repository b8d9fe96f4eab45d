// What a dispatcher pass is given and what it reports, shared by the pass (pass.ts) and the step
// that handles one message (deliver.ts), so neither imports the other's module for its types.
import type { Db } from "~/db.server";
import type { MessageStatus } from "~/domain/types";
import type { EmailTransport } from "~/.server/channels/email/transport";
import type { AdminApi } from "~/.server/shopify/admin-api";
import type { LeaseClock } from "~/.server/queue/clock";
import type { createShopCache } from "./facts";
import type { Recorder } from "./record-sends";

/** What a pass talks to: the database, Shopify, the mail server, and where it reads time and chance. */
export type DispatchServices = {
  db: Db;
  admin: AdminApi;
  transport: EmailTransport;
  /**
   * Where leases and send times are read (~/.server/queue/clock): the database's clock in the app.
   * Without it, the pass's instant stands still for the whole pass (tests that play one simulated instant).
   */
  clock?: LeaseClock;
  random: () => number;
  log?: (line: string) => void;
};

/** Who this instance is, and what its links and senders are built from. */
export type DispatchIdentity = {
  workerId: string;
  appUrl: string;
  secret: string;
  /** The operator's address: a shop's email goes From it until the shop verified its own (~/domain/sender). */
  defaultFrom: string;
};

/** How a pass paces itself; each has a default in pass.ts. */
export type DispatchTuning = {
  leaseMs?: number;
  batchSize?: number;
  /** Messages handled at once (different people only); SMTP_CONNECTIONS of them can be on the wire. */
  concurrency?: number;
  maxAttempts?: number;
};

export type DispatchDeps = {
  services: DispatchServices;
  identity: DispatchIdentity;
  tuning?: DispatchTuning;
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
