// The logger itself: JSON lines, personal fields censored, addresses scrubbed from free text,
// request ids attached inside a request and only there.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, requestIdFrom, withRequestId } from "~/.server/log";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ level: "info", destination }) };
}

describe("structured logs", () => {
  it("censor personal fields at the top level and one level down", () => {
    const { lines, logger } = capture();
    logger.info({ shop: "s.myshopify.com", email: "a@b.example", customer: { firstName: "Ana", email: "a@b.example" }, payload: "{...}", token: "abc.def" }, "seen");
    expect(lines[0]).toMatchObject({ level: "info", msg: "seen", shop: "s.myshopify.com", email: "[redacted]", customer: { firstName: "[redacted]", email: "[redacted]" }, payload: "[redacted]", token: "[redacted]" });
  });

  it("censor message keys and discount codes: a key holds a checkout token, a code can be redeemed", () => {
    const { lines, logger } = capture();
    logger.warn({ message: "msg1", key: "s.myshopify.com:cart-recovery:checkout:tok123:0", messageKey: "s:k", code: "WELCOME-9X2" }, "held");
    expect(lines[0]).toMatchObject({ message: "msg1", key: "[redacted]", messageKey: "[redacted]", code: "[redacted]" });
  });

  it("scrub an address out of a message or an error", () => {
    const { lines, logger } = capture();
    logger.warn("could not reach Jane.Doe+x@mail.example.com today");
    logger.error({ err: new Error("duplicate key jane@example.com\nstack detail") }, "failed");
    expect(JSON.stringify(lines)).not.toMatch(/@/);
    expect(lines[0].msg).toBe("could not reach [email] today");
    expect(lines[1].err).toEqual({ type: "Error", message: "duplicate key [email]" });
  });

  it("carry the request id inside a request and not outside it", () => {
    const { lines, logger } = capture();
    withRequestId("req-1", () => logger.info("inside"));
    logger.info("outside");
    expect(lines.map((l) => l.requestId)).toEqual(["req-1", undefined]);
  });

  it("keep a caller's plain request id and replace anything that could forge a log line", () => {
    expect(requestIdFrom("abc-123", () => "new")).toBe("abc-123");
    for (const bad of [null, "", "a\nb", "x".repeat(65), '{"level":"fatal"}']) expect(requestIdFrom(bad, () => "new")).toBe("new");
  });

  it("write nothing below LOG_LEVEL", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "warn", destination: new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString()), done()) }) });
    logger.info("quiet");
    logger.warn("loud");
    expect(lines).toHaveLength(1);
  });
});
