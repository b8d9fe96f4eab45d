// The brand through the running server, as the settings page and a mail client reach it: the save
// refuses unreadable colours and writes nothing; the logo upload is bounded before it is read and
// recognised by its bytes; the logo is served at its hash address with long caching and nosniff, and
// a script guessing other addresses gets 404s.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/db.server";
import { DEMO_SHOP } from "~/.server/shops";
import { MAX_LOGO_BYTES } from "~/.server/brand/logo";
import { settingsValues } from "~/.server/admin/settings";
import { startServer, type RunningServer } from "../../../scripts/lib/server-process";
import { createEmptyDatabase, type EmptyDatabase } from "../../support/db";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 9, 8, 7]);

let dir: string;
let database: EmptyDatabase;
let server: RunningServer;
let db: Db;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-brand-"));
  database = await createEmptyDatabase(dir, { migrated: false });
  server = await startServer({ CRM_DEMO: "1", NODE_ENV: "test", CRM_JOBS: "off", DATABASE_URL: database.url, CRM_OUTBOX_DIR: path.join(dir, "outbox"), SHOPIFY_APP_URL: "https://crm.example.com" });
  db = createDb(database.url);
});
afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
  await database?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const shop = () => db.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });

function uploadLogo(bytes: Uint8Array<ArrayBuffer>, name = "logo.png", type = "image/png") {
  const form = new FormData();
  form.append("logo", new Blob([bytes], { type }), name);
  return fetch(`${server.url}/app/settings/logo`, { method: "POST", body: form });
}

/** Declares `size` bytes and sends only the headers, unless the server waits a second for the body. */
function declareHuge(size: number): Promise<{ status: number | null; sent: number }> {
  return new Promise((resolve) => {
    let sent = 0;
    const req = http.request(`${server.url}/app/settings/logo`, { method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(size) } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? null, sent });
      req.destroy();
    });
    req.on("error", () => resolve({ status: null, sent }));
    req.flushHeaders();
    setTimeout(() => {
      const chunk = Buffer.alloc(64 * 1024);
      const pump = () => {
        while (sent < size && req.write(chunk)) sent += chunk.length;
      };
      req.on("drain", pump);
      pump();
    }, 1000);
  });
}

describe("brand settings through the server", () => {
  it("refuses a save whose link colour fails WCAG AA, says which pair, and writes nothing", async () => {
    const before = await shop();
    const values = { ...settingsValues(before), senderName: "Someone Else", brandAccent: "#FFD400" };
    const res = await fetch(`${server.url}/app/settings.data`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ intent: "save", values }) });
    const body = await res.text();
    expect(body).toContain("Links in #FFD400 on the white card (#FFFFFF)");
    expect(body).toContain("WCAG AA needs 4.5:1");
    const after = await shop();
    expect([after.senderName, after.brandAccent, after.updatedAt]).toEqual([before.senderName, before.brandAccent, before.updatedAt]);
  });

  it("refuses a declared upload over the cap before reading it", async () => {
    const outcome = await declareHuge(20 * 1024 * 1024);
    expect(outcome.status).toBe(413);
    expect(outcome.sent).toBe(0);
    expect(await db.shopLogo.count()).toBe(0);
  });

  it("refuses a file over 512 KB and bytes that are not an image, with a reason the merchant reads", async () => {
    const big = new Uint8Array(MAX_LOGO_BYTES + 1);
    big.set(PNG);
    const tooBig = await uploadLogo(big);
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toEqual({ ok: false, error: "The logo is larger than 512 KB." });
    const fake = await uploadLogo(new TextEncoder().encode("<html><script>alert(1)</script></html>"));
    expect(fake.status).toBe(400);
    expect(await fake.json()).toEqual({ ok: false, error: "That file is not a PNG, JPEG, GIF or WebP image." });
    expect(await db.shopLogo.count()).toBe(0);
    expect((await shop()).brandLogoFile).toBeNull();
  });

  it("stores an uploaded logo and serves its bytes at the hash address, cached for good, with nosniff", async () => {
    const res = await uploadLogo(PNG, "logo.gif", "image/gif");
    expect(await res.json()).toEqual({ ok: true });
    const file = (await shop()).brandLogoFile!;
    expect(file).toMatch(/^[0-9a-f]{64}\.png$/);

    const served = await fetch(`${server.url}/brand/logo/${DEMO_SHOP}/${file}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("cache-control")).toContain("max-age=31536000");
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(PNG))).toBe(true);

    const sha = file.slice(0, 64);
    for (const guess of [`other-shop.myshopify.com/${file}`, `${DEMO_SHOP}/${sha}.gif`, `${DEMO_SHOP}/${"f".repeat(64)}.png`, `${DEMO_SHOP}/${sha}`, `${DEMO_SHOP}/..%2F..%2Fpackage.json`]) {
      const miss = await fetch(`${server.url}/brand/logo/${guess}`);
      expect(miss.status, guess).toBe(404);
      expect(miss.headers.get("x-content-type-options")).toBe("nosniff");
      await miss.arrayBuffer();
    }
  });
});
