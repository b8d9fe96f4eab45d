// A merchant's test send from the editor, through the configured transport (SMTP or outbox).
import type { Shop } from "@prisma/client";
import type { Db } from "~/db.server";
import { createEmailTransport } from "~/.server/channels/email/transport";
import type { EmailTemplate } from "~/.server/channels/email/templates";
import { isEmailScenario } from "~/.server/channels/email/variables";
import { sendTestEmail, type TestSendResult } from "~/.server/measurement/test-send";
import type { AbLanguage } from "~/domain/ab-test";
import type { Env } from "~/env.server";
import type { Translate } from "~/i18n";
import { testAddress } from "./editor";
import { SAMPLE_PROFILES } from "./preview";

/** `step`: a later step with its own email (counted from 0); the first otherwise. */
export type TestSendRequest = { scenario: string; lang: AbLanguage; step?: number; template: EmailTemplate | null; subjectB: string | null; profile?: string | null };

export async function sendMerchantTest(db: Db, config: Env, shop: Shop, req: TestSendRequest, now: Date, t: Translate): Promise<TestSendResult> {
  if (!isEmailScenario(req.scenario)) return { ok: false, error: t("error.scenario") };
  const to = testAddress(shop);
  if (!to) return { ok: false, error: t("editor.testSendNoAddress") };
  const transport = createEmailTransport({ smtpUrl: config.smtpUrl, outboxDir: config.outboxDir });
  try {
    return await sendTestEmail(
      { db, transport, appUrl: config.appUrl, secret: config.apiSecret, defaultFrom: config.defaultFrom },
      { shop: shop.domain, scenario: req.scenario, step: req.step ?? 0, locale: req.lang, template: req.template, subjectB: req.subjectB, to, now, customer: SAMPLE_PROFILES.find((p) => p.id === req.profile)?.customer },
    );
  } finally {
    transport.close();
  }
}
