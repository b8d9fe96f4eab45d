// A real SMTP server on a loopback port that keeps every message it accepts, parsed.
import net from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type Received = { raw: string; mail: ParsedMail; envelopeTo: string[] };

export type SmtpSink = {
  url: string;
  port: number;
  received: Received[];
  /** Recipients refused at RCPT TO (`rejectTo`), in order. */
  refused: string[];
  /** The parsed messages, in arrival order. */
  readonly mails: ParsedMail[];
  /** The most messages that were being received at one moment (one per client connection). */
  readonly peakInFlight: number;
  close(): Promise<void>;
};

export type SinkOptions = {
  /** A fixed port (e.g. to bring a "down" server back); any free one by default. */
  port?: number;
  /** Recipients refused with a permanent 550 at RCPT TO, as a dead mailbox is. */
  rejectTo?: RegExp;
  /** Refuse every message after DATA with this reply (e.g. 451 or 550). */
  refuseWith?: { code: number; text: string };
  /** Answer each message this much later, as a distant server does. */
  delayMs?: number;
};

const smtpError = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

export async function startSmtpSink(opts: SinkOptions = {}): Promise<SmtpSink> {
  const received: Received[] = [];
  const refused: string[] = [];
  let inFlight = 0;
  let peakInFlight = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (opts.rejectTo?.test(address.address)) {
        refused.push(address.address);
        return callback(smtpError(550, "5.1.1 mailbox unavailable"));
      }
      callback();
    },
    onData(stream, session, reply) {
      peakInFlight = Math.max(peakInFlight, ++inFlight);
      const callback = (e?: Error) => {
        inFlight--;
        reply(e);
      };
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        if (opts.refuseWith) return callback(smtpError(opts.refuseWith.code, opts.refuseWith.text));
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw)
          .then((mail) => {
            received.push({ raw, mail, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
            callback();
          })
          .catch(callback);
      });
    },
  });
  // A client killed mid-transfer resets its connections: the sink goes on serving the others.
  server.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "ECONNRESET" && e.code !== "EPIPE") throw e;
  });
  const port = await new Promise<number>((resolve) => {
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve((server.server.address() as net.AddressInfo).port));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    refused,
    get mails() {
      return received.map((r) => r.mail);
    },
    get peakInFlight() {
      return peakInFlight;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A loopback port nothing listens on (for "the SMTP server is down"). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  const port = await new Promise<number>((resolve) => probe.listen(0, "127.0.0.1", () => resolve((probe.address() as net.AddressInfo).port)));
  await new Promise((r) => probe.close(r));
  return port;
}
