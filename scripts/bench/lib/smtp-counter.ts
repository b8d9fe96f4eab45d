// An SMTP sink for throughput runs: it accepts and keeps the raw message, and parses nothing, so the
// sink's own work stays small and equal for both sides of a comparison.
import net from "node:net";
import { SMTPServer } from "smtp-server";

export type RawMail = { from: string; to: string[]; raw: Buffer };
export type CountingSink = { url: string; host: string; port: number; mails: RawMail[]; close(): Promise<void> };

export async function startCountingSink(): Promise<CountingSink> {
  const mails: RawMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.server.address() as net.AddressInfo).port)));
  return { url: `smtp://127.0.0.1:${port}`, host: "127.0.0.1", port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
