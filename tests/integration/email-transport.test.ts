import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseHeaders } from "~/.server/channels/email/outbox";
import { renderEmail } from "~/.server/channels/email/render";
import { createEmailTransport, listOutbox, messageIdFor, type OutgoingEmail } from "~/.server/channels/email/transport";
import { sampleVars } from "~/.server/channels/email/variables";
import { freePort, startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { DEFAULT_BRAND } from "~/domain/brand";

const KEY = "demo-shop.myshopify.com:cart-recovery:checkout:3f9a:0";
const UNSUBSCRIBE = "https://crm.example/unsubscribe?token=abc.def";

async function koreanCartEmail(test = false): Promise<OutgoingEmail> {
  const vars = sampleVars("cart-recovery", "ko");
  vars.customer.first_name = "<b>지민</b>";
  const shop = {
    name: "하루커피",
    senderName: "하루커피",
    senderEmail: "hello@haru-coffee.example",
    postalAddress: "서울특별시 마포구 월드컵로 1",
    contact: "02-555-0100",
    koreanAdRules: true,
    url: "https://haru-coffee.example",
    brand: DEFAULT_BRAND,
  };
  const rendered = await renderEmail({ scenario: "cart-recovery", locale: "ko", template: null, vars, shop, unsubscribeUrl: UNSUBSCRIBE, test });
  if (!rendered.ok) throw new Error(rendered.error);
  return {
    from: { name: shop.senderName, address: shop.senderEmail },
    replyTo: "owner@haru-coffee.example",
    to: "jimin@example.com",
    ...rendered.email,
    messageKey: KEY,
    scenario: "cart-recovery",
    unsubscribeUrl: UNSUBSCRIBE,
    test,
  };
}

describe("SMTP transport", () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  it("delivers a real MIME message with both parts and the unsubscribe headers", async () => {
    const transport = createEmailTransport({ smtpUrl: sink.url, outboxDir: "/nonexistent" });
    const mail = await koreanCartEmail();
    const result = await transport.send(mail);
    transport.close();
    expect(result).toEqual({ ok: true, providerMessageId: messageIdFor(KEY) });

    const got = sink.received.at(-1)!;
    expect(got.envelopeTo).toEqual(["jimin@example.com"]);
    expect(got.mail.from?.value).toEqual([{ name: "하루커피", address: "hello@haru-coffee.example" }]);
    expect(got.mail.subject).toBe("(광고) 장바구니에 담아 둔 상품이 기다리고 있어요");
    const headers = parseHeaders(got.raw);
    expect(got.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
    expect(headers.get("list-unsubscribe")).toBe(`<${UNSUBSCRIBE}>`);
    expect(headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(headers.get("x-crm-scenario")).toBe("cart-recovery");
    expect(headers.get("x-crm-message-key")).toBe(KEY);
    expect(headers.has("x-crm-test")).toBe(false);
    expect(got.mail.replyTo?.text).toBe("owner@haru-coffee.example");
    expect(got.raw).toMatch(/Content-Type: text\/plain/);
    expect(got.raw).toMatch(/Content-Type: text\/html/);
    expect(got.mail.text).toContain("주문 마저 하기");
    expect(got.mail.html).toContain("&lt;b&gt;지민&lt;/b&gt;님");
    expect(got.mail.html).not.toContain("<b>지민</b>");
  });

  it("gives the same Message-ID to the same message key, so receivers can drop a duplicate", async () => {
    const transport = createEmailTransport({ smtpUrl: sink.url, outboxDir: "/nonexistent" });
    const mail = await koreanCartEmail(true);
    await transport.send(mail);
    await transport.send(mail);
    await transport.send({ ...mail, messageKey: `${KEY}-other` });
    transport.close();
    const ids = sink.received.slice(-3).map((r) => r.mail.messageId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(ids[0]).toBe(messageIdFor(KEY));
    expect(parseHeaders(sink.received.at(-1)!.raw).get("x-crm-test")).toBe("1");
    expect(sink.received.at(-1)!.mail.subject).toMatch(/^\[TEST\] \(광고\)/);
  });

  it("reports a 550 rejection as permanent and a 451 as transient", async () => {
    const mail = await koreanCartEmail();
    for (const [code, transient] of [
      [550, false],
      [451, true],
    ] as const) {
      const server = await startSmtpSink({ refuseWith: { code, text: code === 550 ? "Mailbox unavailable" : "Try again later" } });
      const transport = createEmailTransport({ smtpUrl: server.url, outboxDir: "/nonexistent" });
      const result = await transport.send(mail);
      transport.close();
      await server.close();
      // A 550 after DATA refuses the message for this recipient: a bounce, which suppresses the address.
      expect(result).toEqual({ ok: false, transient, error: expect.stringContaining(String(code)), ...(transient ? {} : { bounced: true }) });
    }
  });

  it("reports an unreachable server as transient, and verify() says so", async () => {
    const transport = createEmailTransport({ smtpUrl: `smtp://127.0.0.1:${await freePort()}`, outboxDir: "/nonexistent" });
    const result = await transport.send(await koreanCartEmail());
    expect(result).toEqual({ ok: false, transient: true, error: expect.stringContaining("ECONNREFUSED") });
    expect(await transport.verify()).toEqual({ ok: false, error: expect.stringContaining("connection failed") });
    transport.close();
  });
});

describe("outbox transport", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-outbox-"));
  const outbox = path.join(dir, "outbox");
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("lists nothing before the first email", async () => {
    expect(await listOutbox(outbox)).toEqual([]);
  });

  it("writes each email as a parsable .eml file that the outbox lists", async () => {
    let clock = new Date("2026-03-13T10:00:00.000Z");
    const transport = createEmailTransport({ outboxDir: outbox, now: () => clock });
    expect(await transport.verify()).toEqual({ ok: true });
    const mail = await koreanCartEmail();
    const first = await transport.send(mail);
    clock = new Date("2026-03-13T10:05:00.000Z");
    const second = await transport.send({ ...mail, messageKey: `${KEY}-2`, to: "ada@example.com", subject: "Your cart", scenario: "cart-recovery" });
    transport.close();
    if (!first.ok || !second.ok) throw new Error("outbox send failed");
    expect(path.basename(first.file!)).toMatch(/^2026-03-13T10-00-00\.000Z-[0-9a-f]{12}\.eml$/);

    const parsed = await simpleParser(fs.readFileSync(first.file!));
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.messageId).toBe(messageIdFor(KEY));
    expect(parsed.text).toContain("수신거부");
    expect(parsed.html).toContain("<!doctype html>");

    expect(await listOutbox(outbox)).toEqual([
      { to: "jimin@example.com", subject: mail.subject, scenario: "cart-recovery", file: first.file },
      { to: "ada@example.com", subject: "Your cart", scenario: "cart-recovery", file: second.file },
    ]);
  });
});
