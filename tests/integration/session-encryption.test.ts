// Shopify's tokens in the real Session table, through the library's own PrismaSessionStorage: what a
// database dump would show, rows from before encryption, and the operator's re-encryption.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db.server";
import { EncryptedSessionStorage } from "~/.server/security/encrypted-session-storage";
import { reencryptSessions } from "~/.server/security/reencrypt-sessions";
import { createTokenCipher, keyIdOf } from "~/.server/security/session-crypto";
import { ROOT } from "../../scripts/lib/server-process";
import { createTestDb, type TestDb } from "../support/db";

const SHOP = "tokens-shop.myshopify.com";
const OLD = Buffer.alloc(32, 0x0a);
const NEW = Buffer.alloc(32, 0x0b);
const GONE = Buffer.alloc(32, 0x0c);
const ACCESS = "shpat_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const REFRESH = "shprt_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.db.session.deleteMany();
});

const storageWith = (keys: Buffer[]) => new EncryptedSessionStorage(new PrismaSessionStorage(t.db), createTokenCipher(keys));

const offline = (shop = SHOP, over: Partial<ConstructorParameters<typeof Session>[0]> = {}) =>
  new Session({
    id: `offline_${shop}`,
    shop,
    state: "state-1",
    isOnline: false,
    scope: "write_customers,write_discounts",
    expires: new Date("2030-01-01T00:00:00Z"),
    accessToken: ACCESS,
    refreshToken: REFRESH,
    refreshTokenExpires: new Date("2030-06-01T00:00:00Z"),
    ...over,
  });

/** Every column of the stored row as text, as a dump would show it. */
async function dumpedRow(id: string): Promise<string> {
  const row = await t.db.session.findUnique({ where: { id } });
  expect(row).not.toBeNull();
  return JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
}

describe("the session storage", () => {
  it("writes no plaintext token to the database, and loads the tokens back", async () => {
    const storage = storageWith([NEW]);
    const session = offline();
    await storage.storeSession(session);

    const dump = await dumpedRow(session.id);
    expect(dump).not.toContain(ACCESS);
    expect(dump).not.toContain(REFRESH);
    expect(dump).not.toContain("shpat_");
    const row = await t.db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.accessToken).toMatch(new RegExp(`^enc:v1:${keyIdOf(NEW)}:`));
    expect(row.refreshToken).toMatch(new RegExp(`^enc:v1:${keyIdOf(NEW)}:`));

    const loaded = await storage.loadSession(session.id);
    expect(loaded).toBeInstanceOf(Session);
    expect(loaded).toMatchObject({ shop: SHOP, accessToken: ACCESS, refreshToken: REFRESH, scope: session.scope, expires: session.expires });
    expect(loaded!.equals(session)).toBe(true);
    expect(loaded!.isActive("write_customers")).toBe(true);
    expect((await storage.findSessionsByShop(SHOP)).map((s) => [s.id, s.accessToken, s.refreshToken])).toEqual([[session.id, ACCESS, REFRESH]]);
  });

  it("leaves the caller's Session as it was: the library keeps using it to call Shopify", async () => {
    const session = offline();
    const before = session.toObject();
    await storageWith([NEW]).storeSession(session);
    expect(session.toObject()).toEqual(before);
    expect(session.accessToken).toBe(ACCESS);
  });

  it("stores an online session's user with its token encrypted", async () => {
    const storage = storageWith([NEW]);
    const online = new Session({
      id: `${SHOP}_42`,
      shop: SHOP,
      state: "s",
      isOnline: true,
      accessToken: "shpua_online_token_value",
      onlineAccessInfo: {
        expires_in: 86_400,
        associated_user_scope: "write_customers",
        associated_user: { id: 42, first_name: "Ada", last_name: "L", email: "ada@example.com", email_verified: true, account_owner: true, locale: "en", collaborator: false },
      },
    });
    await storage.storeSession(online);
    expect(await dumpedRow(online.id)).not.toContain("shpua_online_token_value");
    const loaded = await storage.loadSession(online.id);
    expect(loaded).toMatchObject({ accessToken: "shpua_online_token_value", onlineAccessInfo: { associated_user: { id: 42, email: "ada@example.com" } } });
  });

  it("loads a row stored before encryption, and encrypts it the next time the session is stored", async () => {
    await t.db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "s", isOnline: false, accessToken: ACCESS, scope: "write_customers" } });
    const storage = storageWith([NEW]);
    const loaded = await storage.loadSession(`offline_${SHOP}`);
    expect(loaded?.accessToken).toBe(ACCESS);

    await storage.storeSession(loaded!);
    expect(await dumpedRow(`offline_${SHOP}`)).not.toContain(ACCESS);
    expect((await storage.loadSession(`offline_${SHOP}`))?.accessToken).toBe(ACCESS);
  });

  it("a row under a key no longer configured fails loudly, naming the key and not the token", async () => {
    await storageWith([OLD]).storeSession(offline());
    const failure = await storageWith([NEW]).loadSession(`offline_${SHOP}`).then(
      () => expect.unreachable("loaded a session whose key is gone"),
      (error: Error) => error,
    );
    expect(failure.message).toContain(`encrypted with key ${keyIdOf(OLD)}, which is not in CRM_ENCRYPTION_KEY`);
    expect(failure.message).not.toContain(ACCESS);
    // With the old key listed after the new one, it reads again.
    expect((await storageWith([NEW, OLD]).loadSession(`offline_${SHOP}`))?.accessToken).toBe(ACCESS);
  });
});

describe("re-encrypting every session", () => {
  async function seed() {
    await t.db.session.create({ data: { id: "offline_plain.myshopify.com", shop: "plain.myshopify.com", state: "s", accessToken: ACCESS, refreshToken: REFRESH } });
    await storageWith([OLD]).storeSession(offline("old-key.myshopify.com"));
    await storageWith([NEW]).storeSession(offline("current.myshopify.com"));
    await t.db.session.create({ data: { id: "offline_no-token.myshopify.com", shop: "no-token.myshopify.com", state: "s", accessToken: "" } });
  }

  it("converts plaintext rows and rows under an old key to the current key, and a second run changes nothing", async () => {
    await seed();
    const current = await t.db.session.findUniqueOrThrow({ where: { id: "offline_current.myshopify.com" } });
    const cipher = createTokenCipher([NEW, OLD]);

    expect(await reencryptSessions(t.db, cipher)).toEqual({ sessions: 4, changed: 2, unreadable: [] });

    const rows = await t.db.session.findMany({ orderBy: { id: "asc" } });
    for (const row of rows.filter((r) => r.accessToken !== "")) {
      expect(cipher.isCurrent(row.accessToken)).toBe(true);
      expect(cipher.isCurrent(row.refreshToken!)).toBe(true);
      expect(JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toMatch(/shpat_|shprt_/);
    }
    // A row already under the current key is not rewritten.
    expect(rows.find((r) => r.id === current.id)).toEqual(current);
    expect(rows.find((r) => r.id === "offline_no-token.myshopify.com")?.accessToken).toBe("");

    // Readable with the new key alone: the old key can now be dropped.
    const storage = storageWith([NEW]);
    for (const shop of ["plain.myshopify.com", "old-key.myshopify.com", "current.myshopify.com"]) {
      expect(await storage.loadSession(`offline_${shop}`)).toMatchObject({ accessToken: ACCESS, refreshToken: REFRESH });
    }

    expect(await reencryptSessions(t.db, cipher)).toEqual({ sessions: 4, changed: 0, unreadable: [] });
  });

  it("lists a row under a key it does not have, leaves it as it was, and converts the others", async () => {
    await seed();
    await storageWith([GONE]).storeSession(offline("lost.myshopify.com"));
    const lost = await t.db.session.findUniqueOrThrow({ where: { id: "offline_lost.myshopify.com" } });

    const report = await reencryptSessions(t.db, createTokenCipher([NEW, OLD]));
    expect(report.changed).toBe(2);
    expect(report.unreadable).toEqual([{ id: "offline_lost.myshopify.com", problem: expect.stringContaining(`key ${keyIdOf(GONE)}`) }]);
    expect(await t.db.session.findUniqueOrThrow({ where: { id: lost.id } })).toEqual(lost);
  });

  it("does not overwrite a session the server stored while it ran", async () => {
    await t.db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "s", accessToken: ACCESS } });
    // The server refreshes the shop's token between the command's read and its write.
    const racing = {
      session: {
        findMany: (args: Parameters<Db["session"]["findMany"]>[0]) => t.db.session.findMany(args),
        updateMany: async (args: Parameters<Db["session"]["updateMany"]>[0]) => {
          await storageWith([NEW]).storeSession(offline(SHOP, { accessToken: "shpat_refreshed_meanwhile" }));
          return t.db.session.updateMany(args);
        },
      },
    } as unknown as Db;

    expect(await reencryptSessions(racing, createTokenCipher([NEW]))).toEqual({ sessions: 1, changed: 0, unreadable: [] });
    expect((await storageWith([NEW]).loadSession(`offline_${SHOP}`))?.accessToken).toBe("shpat_refreshed_meanwhile");
  });
});

describe("npm run crm -- sessions:reencrypt", () => {
  const crm = (env: Record<string, string>) =>
    spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/crm.ts", "sessions:reencrypt"], {
      cwd: ROOT,
      env: { ...process.env, CRM_ENCRYPTION_KEY: "", DATABASE_URL: t.url, ...env },
      encoding: "utf8",
      timeout: 120_000,
    });

  it("refuses to run without CRM_ENCRYPTION_KEY, even outside production", () => {
    const result = crm({ NODE_ENV: "development" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("sessions:reencrypt needs CRM_ENCRYPTION_KEY");
  });

  it("re-encrypts under the first key, says how many rows it changed, and is idempotent", async () => {
    await t.db.session.create({ data: { id: "offline_plain.myshopify.com", shop: "plain.myshopify.com", state: "s", accessToken: ACCESS } });
    await storageWith([OLD]).storeSession(offline("old-key.myshopify.com"));
    await storageWith([NEW]).storeSession(offline("current.myshopify.com"));
    const production = { NODE_ENV: "production", CRM_MAIL_TRANSPORT: "outbox", CRM_ENCRYPTION_KEY: `${NEW.toString("hex")},${OLD.toString("hex")}` };

    const first = crm(production);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout.trim()).toBe(`2 of 3 session(s) re-encrypted under key ${keyIdOf(NEW)}`);
    const rows = await t.db.session.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => r.accessToken.split(":")[2])).toEqual([keyIdOf(NEW), keyIdOf(NEW), keyIdOf(NEW)]);
    expect(JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toMatch(/shpat_|shprt_/);

    const again = crm(production);
    expect(again.status).toBe(0);
    expect(again.stdout.trim()).toBe(`0 of 3 session(s) re-encrypted under key ${keyIdOf(NEW)}`);
    expect(await t.db.session.findMany({ orderBy: { id: "asc" } })).toEqual(rows);
  }, 120_000);
});
