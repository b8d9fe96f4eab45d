// The merchant's brand end to end, below HTTP: the settings save refuses unreadable colours and writes
// nothing, the logo is recognised by its bytes and bounded before it is read, the stored logo comes
// back only by its own shop and hash, and the preview and the test send carry the logo and accent.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { saveSettings, settingsValues } from "~/.server/admin/settings";
import { previewTemplate } from "~/.server/admin/preview";
import { KEPT_LOGOS, MAX_LOGO_BYTES, readLogo, readLogoUpload, removeLogo, saveLogo } from "~/.server/brand/logo";
import { shopIdentity } from "~/.server/dispatch/facts";
import { sendTestEmail } from "~/.server/measurement/test-send";
import type { SenderVerifyDeps } from "~/.server/sender/verification";
import { DEMO_SHOP, installDemoShop } from "~/.server/shops";
import { translator } from "~/i18n";
import { createTestDb, type TestDb } from "../support/db";
import { startMailServer, type MailServer } from "../support/mail-server";

const T = new Date("2026-03-02T12:00:00Z");
const APP = "https://crm.example.com";
const t_ = translator("en");
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4]);
const WEBP = Uint8Array.from([...Buffer.from("RIFF"), 20, 0, 0, 0, ...Buffer.from("WEBPVP8 "), 0, 0, 0, 0]);

let t: TestDb;
let mail: MailServer;
let deps: SenderVerifyDeps;

beforeAll(async () => {
  [t, mail] = await Promise.all([createTestDb(), startMailServer()]);
  deps = { db: t.db, transport: mail.transport, appUrl: APP, secret: "test-secret", mailFrom: "notices@crm.example" };
});
afterAll(async () => {
  await mail.close();
  await t.close();
});
beforeEach(async () => {
  await t.db.shopLogo.deleteMany();
  await t.db.shop.deleteMany();
  await installDemoShop(t.db, T);
  mail.sink.received.length = 0;
});

const shop = () => t.db.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
const save = async (patch: Record<string, unknown>) => saveSettings(deps, DEMO_SHOP, { ...settingsValues(await shop()), ...patch }, t_, T);

/** A multipart upload of `bytes` as field `logo`, its body counted as the handler reads it. */
function upload(bytes: Uint8Array<ArrayBuffer>, name = "logo.png", type = "image/png") {
  const form = new FormData();
  form.append("logo", new Blob([bytes], { type }), name);
  return new Request(`${APP}/app/settings/logo`, { method: "POST", body: form });
}

describe("saving the brand settings", () => {
  it("saves an accent, button style, font and logo URL, and every email then carries them", async () => {
    const saved = await save({ brandAccent: "#8A4B2A", brandButtonFill: "outline", brandButtonShape: "pill", brandFont: "serif", brandLogoUrl: "https://cdn.example/logo.png" });
    expect(saved).toEqual({ ok: true, notice: null });
    const row = await shop();
    expect(row).toMatchObject({ brandAccent: "#8a4b2a", brandButtonFill: "outline", brandButtonShape: "pill", brandFont: "serif", brandLogoUrl: "https://cdn.example/logo.png" });
    expect(shopIdentity(row, APP).brand).toEqual({ logoUrl: "https://cdn.example/logo.png", accent: "#8a4b2a", buttonFill: "outline", buttonShape: "pill", font: "serif" });
  });

  it("refuses a pair that fails WCAG AA, names it with both colours and the ratios, and writes nothing", async () => {
    const before = await shop();
    const saved = await save({ senderName: "Changed Team", brandAccent: "#FFD400" });
    expect(saved.ok).toBe(false);
    const error = saved.ok ? "" : saved.errors.brandAccent;
    expect(error).toMatch(/^Links in #FFD400 on the white card \(#FFFFFF\) are 1\.\d+:1; WCAG AA needs 4\.5:1\./);
    expect(error).toContain("The unsubscribe link in #FFD400 on the page background #F4F4F5");
    const after = await shop();
    expect(after.senderName).toBe(before.senderName);
    expect(after.brandAccent).toBe(before.brandAccent);
    expect(after.updatedAt).toEqual(before.updatedAt);
  });

  it("refuses an outline button nobody could read, a colour that is not one, and a logo address that is not https", async () => {
    const outline = await save({ brandAccent: "#9ca3af", brandButtonFill: "outline" });
    expect(outline.ok ? "" : outline.errors.brandAccent).toContain("Button text #9CA3AF on #FFFFFF");
    const named = await save({ brandAccent: "red" });
    expect(named.ok ? {} : named.errors).toEqual({ brandAccent: "Use a hex colour such as #0b6bcb." });
    const http = await save({ brandLogoUrl: "http://cdn.example/logo.png" });
    expect(http.ok ? {} : http.errors).toEqual({ brandLogoUrl: "Enter an https:// address of an image, or leave it empty." });
    const script = await save({ brandLogoUrl: "javascript:alert(1)" });
    expect(script.ok).toBe(false);
    expect((await shop()).brandLogoUrl).toBeNull();
  });
});

describe("the uploaded logo", () => {
  it("is recognised by its bytes, stored with its hash, and served back only at its own address", async () => {
    const read = await readLogoUpload(upload(WEBP, "logo.png", "image/png"), MAX_LOGO_BYTES + 16 * 1024);
    expect(read.ok).toBe(true);
    const saved = await saveLogo(t.db, DEMO_SHOP, read.ok ? read.bytes : new Uint8Array(), T);
    // Named by what the bytes are (WebP), not by the file name or the type the browser claimed.
    expect(saved).toMatchObject({ ok: true, file: expect.stringMatching(/^[0-9a-f]{64}\.webp$/) });
    const file = saved.ok ? saved.file : "";
    expect((await shop()).brandLogoFile).toBe(file);
    expect(shopIdentity(await shop(), APP).brand.logoUrl).toBe(`${APP}/brand/logo/${DEMO_SHOP}/${file}`);

    const served = await readLogo(t.db, DEMO_SHOP, file);
    expect(served?.contentType).toBe("image/webp");
    expect(Buffer.from(served!.bytes).equals(Buffer.from(WEBP))).toBe(true);
    const sha = file.slice(0, 64);
    for (const [s, f] of [["other-shop.myshopify.com", file], [DEMO_SHOP, `${sha}.png`], [DEMO_SHOP, `${"0".repeat(64)}.webp`], [DEMO_SHOP, `../${file}`], [DEMO_SHOP, `${sha.toUpperCase()}.webp`], [undefined, file]] as const) {
      expect(await readLogo(t.db, s, f)).toBeNull();
    }
  });

  it("refuses bytes that are not an image, whatever the name and type say, and changes nothing", async () => {
    const html = new TextEncoder().encode("<svg onload=alert(1)></svg>");
    const read = await readLogoUpload(upload(html, "logo.png", "image/png"), MAX_LOGO_BYTES + 16 * 1024);
    expect(await saveLogo(t.db, DEMO_SHOP, read.ok ? read.bytes : new Uint8Array(), T)).toEqual({ ok: false, reason: "not_image" });
    expect(await t.db.shopLogo.count()).toBe(0);
    expect((await shop()).brandLogoFile).toBeNull();
  });

  it("refuses a body declared too large before reading any of it, and cuts off an undeclared one at the cap", async () => {
    let pulled = 0;
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += 64 * 1024;
          controller.enqueue(new Uint8Array(64 * 1024));
        },
      });
    const limit = MAX_LOGO_BYTES + 16 * 1024;
    const declared = new Request(`${APP}/app/settings/logo`, { method: "POST", body: endless(), headers: { "Content-Length": String(50 * 1024 * 1024), "Content-Type": "multipart/form-data; boundary=x" }, duplex: "half" } as RequestInit);
    expect(await readLogoUpload(declared, limit)).toEqual({ ok: false, reason: "too_large" });
    expect(pulled).toBeLessThanOrEqual(64 * 1024 * 2);
    pulled = 0;
    const chunked = new Request(`${APP}/app/settings/logo`, { method: "POST", body: endless(), headers: { "Content-Type": "multipart/form-data; boundary=x" }, duplex: "half" } as RequestInit);
    expect(await readLogoUpload(chunked, limit)).toEqual({ ok: false, reason: "too_large" });
    expect(pulled).toBeLessThanOrEqual(limit + 3 * 64 * 1024);
    // A file over 512 KB inside a body under the cap is refused as well.
    const big = new Uint8Array(MAX_LOGO_BYTES + 1);
    big.set(PNG);
    expect(await readLogoUpload(upload(big), MAX_LOGO_BYTES + 16 * 1024)).toEqual({ ok: false, reason: "too_large" });
  });

  it("keeps the last few uploads for emails already sent, and shows the name again once removed", async () => {
    const files: string[] = [];
    for (let i = 0; i < KEPT_LOGOS + 2; i++) {
      const saved = await saveLogo(t.db, DEMO_SHOP, Uint8Array.from([...PNG, i]), new Date(T.getTime() + i * 1000));
      if (saved.ok) files.push(saved.file);
    }
    expect(await t.db.shopLogo.count({ where: { shop: DEMO_SHOP } })).toBe(KEPT_LOGOS);
    expect(await readLogo(t.db, DEMO_SHOP, files[0])).toBeNull();
    expect(await readLogo(t.db, DEMO_SHOP, files.at(-1))).not.toBeNull();
    await removeLogo(t.db, DEMO_SHOP);
    expect(shopIdentity(await shop(), APP).brand.logoUrl).toBeNull();
    expect(await readLogo(t.db, DEMO_SHOP, files.at(-1))).not.toBeNull();
  });
});

describe("the preview and the test send", () => {
  it("show the uploaded logo at its absolute address and the accent", async () => {
    await save({ brandAccent: "#8a4b2a" });
    const saved = await saveLogo(t.db, DEMO_SHOP, PNG, T);
    const logo = `${APP}/brand/logo/${DEMO_SHOP}/${saved.ok ? saved.file : ""}`;
    const template = { subject: "Your cart", preheader: "Still there", body: `<p><a class="button" href="{{ checkout.url }}">Complete your order</a></p>` };

    const preview = await previewTemplate(await shop(), "cart-recovery", "en", template, null, { appUrl: APP, unsubscribeUrl: `${APP}/unsubscribe` });
    const first = preview.items[0];
    expect(first.ok).toBe(true);
    const html = first.ok ? first.html : "";
    expect(html).toContain(`src="${logo}"`);
    expect(html).toContain("a { color: #8a4b2a; }");
    expect(html).toMatch(/style="[^"]*background:#8a4b2a;color:#ffffff/);

    const sent = await sendTestEmail({ db: t.db, transport: mail.transport, appUrl: APP, secret: "test-secret", defaultFrom: "shops@crm.example" }, { shop: DEMO_SHOP, scenario: "cart-recovery", locale: "en", template, to: "owner@demo-shop.example", now: T });
    expect(sent.ok).toBe(true);
    const mime = String(mail.sink.mails[0].html);
    expect(mime).toContain(`src="${logo}"`);
    expect(mime).toContain("background:#8a4b2a");
  });
});
