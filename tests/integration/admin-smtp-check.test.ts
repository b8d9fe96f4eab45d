import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSmtp } from "~/.server/admin/smtp-check";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink?.close());

/** A port nothing listens on: bind, note the port, close. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("settings: SMTP connection test", () => {
  it("says the server answered when SMTP_URL points at a real server", async () => {
    expect(await checkSmtp({ smtpUrl: sink.url, outboxDir: "unused" })).toMatchObject({ kind: "ok" });
  });

  it("says emails go to the outbox when no SMTP server is configured", async () => {
    expect(await checkSmtp({ smtpUrl: undefined, outboxDir: ".data/outbox" })).toEqual({ kind: "outbox", dir: ".data/outbox" });
  });

  it("names the host and the error when nothing answers, without the password", async () => {
    const port = await closedPort();
    const result = await checkSmtp({ smtpUrl: `smtp://user:s3cret@127.0.0.1:${port}`, outboxDir: "unused" });
    expect(result).toMatchObject({ kind: "failed", host: `127.0.0.1:${port}` });
    expect(JSON.stringify(result)).not.toContain("s3cret");
  });
});
