// Hands a rendered email to SMTP, or to the local outbox when no SMTP server is configured.
// Every outcome is a value: the dispatcher decides from `transient` whether to retry.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import nodemailer from "nodemailer";
import type { SendMailOptions, SMTPPoolOptions, Transporter } from "nodemailer";
import { outboxFileName, writeOutboxFile } from "./outbox";

export { listOutbox, type OutboxEntry } from "./outbox";

export type OutgoingEmail = {
  from: { name: string; address: string };
  replyTo?: string | null;
  to: string;
  subject: string;
  html: string;
  text: string;
  messageKey: string;
  scenario: string;
  /** "" for a notice to the merchant, which carries no List-Unsubscribe headers. */
  unsubscribeUrl: string;
  test?: boolean;
  attachments?: { filename: string; content: string; contentType: string }[];
};

export type SendResult =
  | { ok: true; providerMessageId: string; file?: string }
  /** `bounced`: the receiving server refused this recipient for good (5xx at RCPT TO or after DATA). */
  | { ok: false; transient: boolean; error: string; bounced?: boolean };

export interface EmailTransport {
  send(mail: OutgoingEmail): Promise<SendResult>;
  verify(): Promise<{ ok: true } | { ok: false; error: string }>;
  close(): void;
}

export type TransportOptions = { smtpUrl?: string; outboxDir: string; /** The outbox names files by this clock. */ now?: () => Date };

/**
 * Same key, same Message-ID: a retried send that did reach the receiver is recognisable as a
 * duplicate there. The domain is the shop's, taken from the key ("shop:scenario:subject:step").
 */
export function messageIdFor(messageKey: string): string {
  const hash = createHash("sha256").update(messageKey).digest("hex").slice(0, 32);
  const shop = messageKey.split(":")[0];
  const domain = /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(shop) ? shop.toLowerCase() : "timing-crm.invalid";
  return `<${hash}.crm@${domain}>`;
}

function mailOptions(mail: OutgoingEmail, date: Date): SendMailOptions {
  return {
    from: { name: mail.from.name, address: mail.from.address },
    // An address object, never a string to parse: a stray comma must not add a recipient.
    to: { name: "", address: mail.to },
    replyTo: mail.replyTo ?? undefined,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    date,
    messageId: messageIdFor(mail.messageKey),
    attachments: mail.attachments,
    headers: {
      ...(mail.unsubscribeUrl ? { "List-Unsubscribe": `<${mail.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {}),
      "X-CRM-Scenario": mail.scenario,
      "X-CRM-Message-Key": mail.messageKey,
      ...(mail.test ? { "X-CRM-Test": "1" } : {}),
    },
  };
}

const NETWORK_CODES = new Set([
  "ECONNECTION",
  "ETIMEDOUT",
  "ESOCKET",
  "EDNS",
  "ETLS",
  "EPROXY",
  "EMAXLIMIT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ENOTFOUND",
]);

type SmtpError = { message?: string; code?: string; originalCode?: string; responseCode?: number; response?: string; command?: string };

/** 4xx and connection trouble may pass later; 5xx will not. A 5xx to the recipient or the message is a bounce. */
export function classifySendError(e: unknown): { transient: boolean; error: string; bounced?: boolean } {
  const err = (e && typeof e === "object" ? e : { message: String(e) }) as SmtpError;
  const permanent = typeof err.responseCode === "number" && err.responseCode >= 500 && err.responseCode < 600;
  // nodemailer: EENVELOPE for a refused RCPT TO, EMESSAGE for a refusal after DATA.
  if (permanent && (err.code === "EENVELOPE" || err.code === "EMESSAGE" || /^(RCPT|DATA)/i.test(err.command ?? ""))) {
    return { transient: false, bounced: true, error: `SMTP ${err.responseCode} refused the recipient (permanent): ${(err.response ?? err.message ?? "").trim()}` };
  }
  const detail = (err.response ?? err.message ?? "unknown error").trim();
  // Credentials are the shop's configuration, not this message's fault: retry once they are fixed.
  if (err.code === "EAUTH" || err.code === "ENOAUTH") return { transient: true, error: `SMTP authentication failed (transient): ${detail}` };
  if (typeof err.responseCode === "number" && err.responseCode >= 400 && err.responseCode < 600) {
    return err.responseCode < 500
      ? { transient: true, error: `SMTP ${err.responseCode} temporary failure (transient, will retry): ${detail}` }
      : { transient: false, error: `SMTP ${err.responseCode} rejected (permanent): ${detail}` };
  }
  const codes = [err.originalCode, err.code].filter((c): c is string => Boolean(c));
  if (codes.some((c) => NETWORK_CODES.has(c))) {
    return { transient: true, error: `SMTP connection failed (transient, ${codes.join("/")}): ${err.message ?? detail}` };
  }
  return { transient: false, error: `send failed (permanent${codes.length ? `, ${codes.join("/")}` : ""}): ${detail}` };
}

/**
 * Connections the pool opens to the SMTP server: the dispatcher has several messages in flight, and
 * each connection carries one at a time. Modest, since providers limit connections per client.
 */
export const SMTP_CONNECTIONS = 8;

function smtpTransport(smtpUrl: string, now: () => Date): EmailTransport {
  const options: SMTPPoolOptions & { url: string } = {
    url: smtpUrl,
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  const transporter: Transporter = nodemailer.createTransport(options);
  return {
    async send(mail) {
      try {
        const info = await transporter.sendMail(mailOptions(mail, now()));
        return { ok: true, providerMessageId: String(info.messageId ?? messageIdFor(mail.messageKey)) };
      } catch (e) {
        return { ok: false, ...classifySendError(e) };
      }
    },
    async verify() {
      try {
        await transporter.verify();
        return { ok: true };
      } catch (e) {
        return { ok: false, error: classifySendError(e).error };
      }
    },
    close: () => transporter.close(),
  };
}

function outboxTransport(dir: string, now: () => Date): EmailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(mail) {
      const at = now();
      try {
        const info = await transporter.sendMail(mailOptions(mail, at));
        const file = await writeOutboxFile(dir, outboxFileName(mail.messageKey, at), info.message as Buffer);
        return { ok: true, providerMessageId: String(info.messageId ?? messageIdFor(mail.messageKey)), file };
      } catch (e) {
        // A full or unwritable disk is the machine's problem, not the message's.
        return { ok: false, transient: true, error: `outbox write failed (transient): ${e instanceof Error ? e.message : String(e)}` };
      }
    },
    async verify() {
      try {
        await fs.mkdir(dir, { recursive: true });
        await fs.access(dir, fs.constants.W_OK);
        return { ok: true };
      } catch (e) {
        return { ok: false, error: `outbox folder ${dir} is not writable: ${e instanceof Error ? e.message : String(e)}` };
      }
    },
    close: () => transporter.close(),
  };
}

/** SMTP (pooled) when `smtpUrl` is given; otherwise `.eml` files in `outboxDir`. */
export function createEmailTransport(opts: TransportOptions): EmailTransport {
  const now = opts.now ?? (() => new Date());
  return opts.smtpUrl ? smtpTransport(opts.smtpUrl, now) : outboxTransport(opts.outboxDir, now);
}
