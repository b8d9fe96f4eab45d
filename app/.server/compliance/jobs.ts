// The compliance jobs the server runs beside the dispatcher: unanswered data exports are retried every
// five minutes, and so are signup confirmation emails that failed; expired message bodies,
// unconfirmed signups and old storefront events are purged daily. Runs never overlap; stop waits for one.
import cron from "node-cron";
import type { Db } from "~/db.server";
import type { Env } from "~/env.server";
import { createEmailTransport } from "~/.server/channels/email/transport";
import { log } from "~/.server/log";
import { retryPendingExports } from "./data-request";
import { purgeExpired, retentionDaysFrom } from "./purge";
import { purgeUsageCounters } from "~/.server/channels/onsite/code-caps";
import { purgeRateLimits } from "~/.server/channels/onsite/rate-limit";
import { createSignupMail, purgeExpiredSignups, retryConfirmations } from "~/.server/channels/onsite/pending-signup";
import { purgeShopperEvents } from "~/.server/pixel/store";

export type ComplianceJobs = { stop(): Promise<void> };

export function startComplianceJobs(opts: { db: Db; config: Env; now?: () => Date; retentionDays?: number }): ComplianceJobs {
  const now = opts.now ?? (() => new Date());
  const retentionDays = opts.retentionDays ?? retentionDaysFrom(process.env.CRM_RETENTION_DAYS);
  const running = new Set<Promise<void>>();
  const guard = (job: string, fn: () => Promise<void>) => async () => {
    const run = fn().catch((err: unknown) => log.error({ job, err }, `${job} failed; tried again at the next run`));
    running.add(run);
    await run;
    running.delete(run);
  };

  const exports = cron.schedule(
    "*/5 * * * *",
    guard("data-request", async () => {
      const transport = createEmailTransport({ smtpUrl: opts.config.smtpUrl, outboxDir: opts.config.outboxDir });
      try {
        const sent = await retryPendingExports({ db: opts.db, transport, mailFrom: opts.config.mailFrom, now });
        if (sent > 0) log.info({ job: "data-request", sent }, "pending data exports sent");
      } finally {
        transport.close();
      }
    }),
    { noOverlap: true },
  );
  const confirmations = cron.schedule(
    "*/5 * * * *",
    guard("signup-confirm", async () => {
      const signupMail = createSignupMail(opts.config);
      try {
        const sent = await retryConfirmations({ db: opts.db, secret: opts.config.apiSecret, signupMail }, now());
        if (sent > 0) log.info({ job: "signup-confirm", sent }, "signup confirmations sent on retry");
      } finally {
        signupMail.transport.close();
      }
    }),
    { noOverlap: true },
  );
  const purge = cron.schedule(
    "17 3 * * *",
    guard("purge", async () => {
      const result = await purgeExpired(opts.db, { now: now(), retentionDays, outboxDir: opts.config.outboxDir });
      await purgeUsageCounters(opts.db, now());
      await purgeRateLimits(opts.db, now());
      const signups = await purgeExpiredSignups(opts.db, now());
      const shopperEvents = await purgeShopperEvents(opts.db, now());
      log.info({ job: "purge", retentionDays, ...result, unconfirmedSignups: signups, shopperEvents }, "expired message bodies, unconfirmed signups and old storefront events purged");
    }),
    { noOverlap: true },
  );

  return {
    async stop() {
      await exports.stop();
      await confirmations.stop();
      await purge.stop();
      await Promise.all(running);
      await exports.destroy();
      await confirmations.destroy();
      await purge.destroy();
    },
  };
}
