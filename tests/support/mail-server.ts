// A real SMTP server and the app's transport pointed at it, with the outbox folder the transport
// needs, all started and removed together.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createEmailTransport, type EmailTransport } from "~/.server/channels/email/transport";
import { startSmtpSink, type SinkOptions, type SmtpSink } from "./smtp-sink";

export type MailServer = { sink: SmtpSink; transport: EmailTransport; outboxDir: string; close(): Promise<void> };

export async function startMailServer(opts: SinkOptions = {}): Promise<MailServer> {
  const sink = await startSmtpSink(opts);
  const outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-outbox-"));
  const transport = createEmailTransport({ smtpUrl: sink.url, outboxDir });
  return {
    sink,
    transport,
    outboxDir,
    async close() {
      transport.close();
      await sink.close();
      fs.rmSync(outboxDir, { recursive: true, force: true });
    },
  };
}
