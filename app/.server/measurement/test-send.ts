// A merchant's test send: the real renderer and transport, a "[TEST]" subject, a placeholder code that
// Shopify never hears of, and a record marked as a test so that it counts nowhere.
import type { Db } from "~/db.server";
import type { EmailTemplate } from "~/.server/channels/email/templates/types";
import type { EmailTransport } from "~/.server/channels/email/transport";
import type { EmailScenarioKey } from "~/.server/channels/email/variables";

export type TestSendDeps = { db: Db; transport: EmailTransport; appUrl: string; secret: string };

export type TestSendInput = {
  shop: string;
  scenario: EmailScenarioKey;
  locale: string;
  /** The template being edited (unsaved edits included); null = the stored or default one. */
  template: EmailTemplate | null;
  /** Send variant B's subject instead of the template's. */
  subjectB?: string | null;
  to: string;
  now: Date;
};

export type TestSendResult = { ok: true; messageId: string; subject: string } | { ok: false; error: string };

export async function sendTestEmail(_deps: TestSendDeps, _input: TestSendInput): Promise<TestSendResult> {
  return { ok: false, error: "test sends are not available yet" };
}
