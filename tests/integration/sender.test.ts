// A merchant's sender address is used as From only once they proved they read it. Until then a shop's
// email goes From the operator's address under the shop's name, with replies to the merchant. Played
// with the settings save the admin runs, a real SMTP server, and the verification link's two steps.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { saveSettings, settingsValues } from "~/.server/admin/settings";
import { sendTestEmail } from "~/.server/measurement/test-send";
import { confirmSenderAddress, describeSenderLink, resendSenderVerification, type SenderVerifyDeps } from "~/.server/sender/verification";
import { signSenderToken } from "~/.server/sender/verify-token";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { displayName, SENDER_VERIFY_SPACING_MS, SENDER_VERIFY_TTL_MS, senderFor } from "~/domain/sender";
import { translator } from "~/i18n";
import { createTestDb, type TestDb } from "../support/db";
import { startMailServer, type MailServer } from "../support/mail-server";

const T = new Date("2026-03-02T12:00:00Z");
const later = (ms: number) => new Date(T.getTime() + ms);
const SECRET = "sender-secret";
const OPERATOR = "shops@crm.example";
const t_ = translator("en");

let t: TestDb;
let mail: MailServer;
let deps: SenderVerifyDeps;

beforeAll(async () => {
  [t, mail] = await Promise.all([createTestDb(), startMailServer()]);
  deps = { db: t.db, transport: mail.transport, appUrl: "https://crm.example", secret: SECRET, mailFrom: "notices@crm.example" };
});
afterAll(async () => {
  await mail.close();
  await t.close();
});
beforeEach(async () => {
  await t.db.shop.deleteMany();
  await installDemoShop(t.db, T);
  // A real merchant's shop: its address was typed in, never proved.
  await t.db.shop.update({ where: { domain: DEMO_SHOP }, data: { senderVerifiedEmail: null, senderVerifiedAt: null, senderVerifySentAt: null } });
  mail.sink.received.length = 0;
});

const shop = () => t.db.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
const save = async (senderEmail: string, at: Date) => saveSettings(deps, DEMO_SHOP, { ...settingsValues(await shop()), senderEmail }, t_, at);
const linkIn = (text: string) => new URL(/https:\/\/crm\.example\/sender\/verify\?token=\S+/.exec(text)![0]).searchParams.get("token")!;
const testSendFrom = async () => {
  mail.sink.received.length = 0;
  const sent = await sendTestEmail({ db: t.db, transport: mail.transport, appUrl: "https://crm.example", secret: SECRET, defaultFrom: OPERATOR }, { shop: DEMO_SHOP, scenario: "welcome", locale: "en", template: null, to: "owner@demo-shop.example", now: T });
  expect(sent.ok).toBe(true);
  const got = mail.sink.mails[0];
  return { from: got.from?.value[0], replyTo: got.replyTo?.value[0]?.address };
};

describe("the From of a shop's email", () => {
  it("is the operator's address under the shop's name, replies to the merchant, until the address is verified", async () => {
    expect(await testSendFrom()).toEqual({ from: { name: "Demo Coffee Roasters", address: OPERATOR }, replyTo: "owner@demo-shop.example" });
  });

  it("is the merchant's address once verified, and not after it changes", async () => {
    const row = await shop();
    expect(senderFor({ ...row, senderVerifiedEmail: "HELLO@demo-shop.example" }, OPERATOR).from.address).toBe("hello@demo-shop.example");
    expect(senderFor({ ...row, senderVerifiedEmail: "old@demo-shop.example" }, OPERATOR).from.address).toBe(OPERATOR);
    // Without a Reply-To, replies still reach the address the merchant typed.
    expect(senderFor({ ...row, replyTo: null }, OPERATOR).replyTo).toBe("hello@demo-shop.example");
  });

  it("never carries an address in its display name", () => {
    expect(displayName("security@bank.example\r\nBcc: x@y.example")).toBe("security at bank.example Bcc: x at y.example");
  });
});

describe("verifying a sender address", () => {
  it("emails a new address a link; opening it changes nothing, pressing its button makes the address the From", async () => {
    const saved = await save("news@demo-shop.example", T);
    expect(saved).toMatchObject({ ok: true, notice: { tone: "success" } });
    expect(mail.sink.received).toHaveLength(1);
    const letter = mail.sink.mails[0];
    expect(letter.to).toMatchObject({ value: [{ address: "news@demo-shop.example" }] });
    expect(letter.from?.value[0].address).toBe("notices@crm.example");
    const token = linkIn(letter.text ?? "");

    // A mail scanner's GET: described, not confirmed.
    expect(await describeSenderLink(t.db, token, SECRET, later(60_000))).toMatchObject({ ok: true, state: "pending", email: "news@demo-shop.example" });
    expect((await shop()).senderVerifiedEmail).toBeNull();
    expect((await testSendFrom()).from?.address).toBe(OPERATOR);

    expect(await confirmSenderAddress(t.db, token, SECRET, later(120_000))).toMatchObject({ ok: true, state: "verified" });
    expect(await shop()).toMatchObject({ senderVerifiedEmail: "news@demo-shop.example", senderVerifiedAt: later(120_000) });
    expect(await testSendFrom()).toEqual({ from: { name: "Demo Coffee Roasters", address: "news@demo-shop.example" }, replyTo: "owner@demo-shop.example" });
  });

  it("refuses a second new address within minutes of the last email, saving nothing", async () => {
    await save("one@demo-shop.example", T);
    const refused = await save("two@demo-shop.example", later(60_000));
    expect(refused).toMatchObject({ ok: false, errors: { senderEmail: expect.stringMatching(/moments ago/) } });
    expect((await shop()).senderEmail).toBe("one@demo-shop.example");
    expect(mail.sink.received).toHaveLength(1);
    expect(await resendSenderVerification(deps, DEMO_SHOP, later(60_000))).toMatchObject({ sent: false, reason: "too_soon" });
    expect(await resendSenderVerification(deps, DEMO_SHOP, later(SENDER_VERIFY_SPACING_MS))).toMatchObject({ sent: true, to: "one@demo-shop.example" });
    expect(mail.sink.received).toHaveLength(2);
  });

  it("saves other settings without an email when the address is unchanged", async () => {
    const saved = await saveSettings(deps, DEMO_SHOP, { ...settingsValues(await shop()), senderName: "Demo Team" }, t_, T);
    expect(saved).toEqual({ ok: true, notice: null });
    expect(mail.sink.received).toHaveLength(0);
  });

  it("asks a shop writing in Korean for a contact readers can reach, never the sending address", async () => {
    const values = settingsValues(await shop());
    const korean = { ...values, locale: "ko" as const, senderName: "Demo Team" };
    expect(await saveSettings(deps, DEMO_SHOP, { ...korean, contact: "" }, t_, T)).toEqual({ ok: false, errors: { contact: t_("error.contactRequired") } });
    expect(await saveSettings(deps, DEMO_SHOP, { ...korean, contact: values.senderEmail.toUpperCase() }, t_, T)).toEqual({ ok: false, errors: { contact: t_("error.contactIsSender") } });
    expect((await shop()).senderName).toBe(values.senderName);
    // English, outside Korea and without the rules: no contact is fine.
    expect(await saveSettings(deps, DEMO_SHOP, { ...values, contact: "", koreanAdRules: false }, t_, T)).toMatchObject({ ok: true });
    expect(await saveSettings(deps, DEMO_SHOP, { ...korean, contact: "+82 2-123-4567" }, t_, T)).toMatchObject({ ok: true });
    expect(await shop()).toMatchObject({ contact: "+82 2-123-4567", locale: "ko" });
    await saveSettings(deps, DEMO_SHOP, values, t_, T);
  });

  it("gives the slot back when the email cannot be sent", async () => {
    const failing: SenderVerifyDeps = { ...deps, transport: { ...mail.transport, send: async () => ({ ok: false, transient: true, error: "connection refused" }) } };
    const saved = await saveSettings(failing, DEMO_SHOP, { ...settingsValues(await shop()), senderEmail: "down@demo-shop.example" }, t_, T);
    expect(saved).toMatchObject({ ok: true, notice: { tone: "critical", text: expect.stringContaining("connection refused") } });
    expect(await shop()).toMatchObject({ senderEmail: "down@demo-shop.example", senderVerifySentAt: null });
  });

  it("does not verify with a link to an older address, an expired link or a forged one", async () => {
    await save("first@demo-shop.example", T);
    const oldToken = linkIn(mail.sink.mails[0].text ?? "");
    await save("second@demo-shop.example", later(SENDER_VERIFY_SPACING_MS));
    expect(await confirmSenderAddress(t.db, oldToken, SECRET, later(SENDER_VERIFY_SPACING_MS + 1))).toMatchObject({ ok: false, state: "changed" });

    const current = linkIn(mail.sink.mails[1].text ?? "");
    expect(await confirmSenderAddress(t.db, current, SECRET, later(SENDER_VERIFY_SPACING_MS + SENDER_VERIFY_TTL_MS))).toMatchObject({ ok: false, state: "expired" });
    const forged = signSenderToken({ shop: DEMO_SHOP, email: "second@demo-shop.example", expiresAt: later(SENDER_VERIFY_TTL_MS) }, "another-secret");
    expect(await confirmSenderAddress(t.db, forged, SECRET, T)).toMatchObject({ ok: false, state: "invalid" });
    expect(await confirmSenderAddress(t.db, `${current}x`, SECRET, T)).toMatchObject({ ok: false, state: "invalid" });
    expect((await shop()).senderVerifiedEmail).toBeNull();
  });
});
