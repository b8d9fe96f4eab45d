// Settings' "test the connection": nodemailer's verify() against SMTP_URL, or a plain statement that
// mail goes to the outbox when no server is configured. The password never leaves the server.
import { createEmailTransport } from "~/.server/channels/email/transport";
import type { Env } from "~/env.server";

export type SmtpCheck = { kind: "outbox"; dir: string } | { kind: "ok"; host: string } | { kind: "failed"; host: string; error: string };

function hostOf(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    return url.port ? `${url.hostname}:${url.port}` : url.hostname;
  } catch {
    return "SMTP";
  }
}

export async function checkSmtp(config: Pick<Env, "smtpUrl" | "outboxDir">): Promise<SmtpCheck> {
  if (!config.smtpUrl) return { kind: "outbox", dir: config.outboxDir };
  const host = hostOf(config.smtpUrl);
  const transport = createEmailTransport({ smtpUrl: config.smtpUrl, outboxDir: config.outboxDir });
  try {
    const result = await transport.verify();
    return result.ok ? { kind: "ok", host } : { kind: "failed", host, error: result.error };
  } finally {
    transport.close();
  }
}
