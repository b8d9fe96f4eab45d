// Shopify tokens at rest: what a database dump shows, what an altered row does, and key rotation.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTokenCipher, keyIdOf, parseEncryptionKeys, SessionDecryptError } from "~/.server/security/session-crypto";

const OLD = Buffer.alloc(32, 0x11);
const NEW = Buffer.alloc(32, 0x22);
const TOKEN = "shpat_0123456789abcdef0123456789abcdef";

const idOf = (key: Buffer) => createHash("sha256").update(key).digest("hex").slice(0, 8);

/** The error a decryption throws; fails the test if it does not throw. */
function decryptError(run: () => unknown): SessionDecryptError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SessionDecryptError);
    return error as SessionDecryptError;
  }
  return expect.unreachable("decrypt did not throw");
}

/** The stored value with one byte of its ciphertext flipped. */
function tampered(stored: string): string {
  const parts = stored.split(":");
  const sealed = Buffer.from(parts[4], "base64url");
  sealed[0] ^= 0x01;
  parts[4] = sealed.toString("base64url");
  return parts.join(":");
}

describe("encrypting a token", () => {
  it("stores enc:v1:<keyId>:<iv>:<ciphertext>, names the key by its sha256, and reads back the token", () => {
    const cipher = createTokenCipher([NEW]);
    const stored = cipher.encrypt(TOKEN);
    expect(stored).toMatch(new RegExp(`^enc:v1:${idOf(NEW)}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$`));
    expect(keyIdOf(NEW)).toBe(idOf(NEW));
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain(Buffer.from(TOKEN).toString("base64url").slice(0, 12));
    expect(cipher.decrypt(stored)).toBe(TOKEN);
    expect(cipher.decrypt(cipher.encrypt("jeton d’accès ✓"))).toBe("jeton d’accès ✓");
  });

  it("uses a fresh random IV each time: the same token never gives the same stored value", () => {
    const cipher = createTokenCipher([NEW]);
    const values = new Set(Array.from({ length: 50 }, () => cipher.encrypt(TOKEN)));
    expect(values.size).toBe(50);
    const ivs = new Set([...values].map((v) => v.split(":")[3]));
    expect(ivs.size).toBe(50);
  });

  it("takes its randomness as an argument", () => {
    const fixed = createTokenCipher([NEW], (n) => Buffer.alloc(n, 7));
    expect(fixed.encrypt(TOKEN)).toBe(fixed.encrypt(TOKEN));
    expect(fixed.encrypt(TOKEN).split(":")[3]).toBe(Buffer.alloc(12, 7).toString("base64url"));
  });

  it("returns a value stored before encryption as it is, and counts it as due for re-encryption", () => {
    const cipher = createTokenCipher([NEW]);
    expect(cipher.decrypt(TOKEN)).toBe(TOKEN);
    expect(cipher.isCurrent(TOKEN)).toBe(false);
    expect(cipher.isCurrent(cipher.encrypt(TOKEN))).toBe(true);
  });
});

describe("refusing what it cannot trust", () => {
  it("an altered ciphertext, IV or tag fails with the key's id, never the token", () => {
    const cipher = createTokenCipher([NEW]);
    const stored = cipher.encrypt(TOKEN);
    const parts = stored.split(":");
    const otherIv = [...parts.slice(0, 3), Buffer.alloc(12, 9).toString("base64url"), parts[4]].join(":");
    const lastTagByte = Buffer.from(parts[4], "base64url");
    lastTagByte[lastTagByte.length - 1] ^= 0x80;
    const otherTag = [...parts.slice(0, 4), lastTagByte.toString("base64url")].join(":");
    for (const bad of [tampered(stored), otherIv, otherTag]) {
      const error = decryptError(() => cipher.decrypt(bad));
      expect(error.message).toMatch(new RegExp(`key ${idOf(NEW)} fails authentication: the stored value was altered or corrupted`));
      expect(error.keyId).toBe(idOf(NEW));
      expect(error.message).not.toContain(TOKEN);
    }
  });

  it("a value encrypted with a key that is not configured fails naming that key", () => {
    const stored = createTokenCipher([OLD]).encrypt(TOKEN);
    const error = decryptError(() => createTokenCipher([NEW]).decrypt(stored));
    expect(error.keyId).toBe(idOf(OLD));
    expect(error.message).toContain(`encrypted with key ${idOf(OLD)}, which is not in CRM_ENCRYPTION_KEY (configured: ${idOf(NEW)})`);
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain(OLD.toString("hex"));
  });

  it("a truncated or unknown-format value is refused, not passed on as a token", () => {
    const cipher = createTokenCipher([NEW]);
    const stored = cipher.encrypt(TOKEN);
    expect(decryptError(() => cipher.decrypt(stored.split(":").slice(0, 4).join(":"))).message).toMatch(/malformed/);
    expect(decryptError(() => cipher.decrypt(`${stored.slice(0, 40)}`)).message).toMatch(/malformed/);
    expect(decryptError(() => cipher.decrypt(stored.replace("enc:v1:", "enc:v9:"))).message).toMatch(/unknown format/);
  });
});

describe("rotating keys", () => {
  it("the new key encrypts, the old one still decrypts, and old rows are due for re-encryption", () => {
    const before = createTokenCipher([OLD]);
    const oldValue = before.encrypt(TOKEN);

    const rotating = createTokenCipher([NEW, OLD]);
    expect(rotating.currentKeyId).toBe(idOf(NEW));
    expect(rotating.decrypt(oldValue)).toBe(TOKEN);
    expect(rotating.isCurrent(oldValue)).toBe(false);
    const newValue = rotating.encrypt(TOKEN);
    expect(newValue.split(":")[2]).toBe(idOf(NEW));
    expect(rotating.isCurrent(newValue)).toBe(true);

    // Once the old key is dropped, only rows re-encrypted under the new one can still be read.
    const after = createTokenCipher([NEW]);
    expect(after.decrypt(newValue)).toBe(TOKEN);
    expect(decryptError(() => after.decrypt(oldValue)).keyId).toBe(idOf(OLD));
  });
});

describe("CRM_ENCRYPTION_KEY", () => {
  const hex = NEW.toString("hex");
  it("reads 64 hex characters, base64 as `openssl rand -base64 32` prints it, and URL-safe base64", () => {
    // Bytes whose base64 uses + and /, so both alphabets are exercised.
    const random = Buffer.from("fb".repeat(16) + "ef".repeat(16), "hex");
    expect(random.toString("base64")).toMatch(/^(?=.*\+)(?=.*\/).{43}=$/);
    const written: [string, Buffer][] = [[hex, NEW], [hex.toUpperCase(), NEW], [random.toString("base64"), random], [random.toString("base64url"), random]];
    for (const [value, key] of written) expect(parseEncryptionKeys(value)).toEqual({ ok: true, keys: [key] });
  });

  it("reads several comma-separated keys in order, the encrypting one first", () => {
    const parsed = parseEncryptionKeys(` ${hex} , ${OLD.toString("base64")}`);
    expect(parsed).toEqual({ ok: true, keys: [NEW, OLD] });
  });

  it("refuses a key that is not 32 bytes, a blank entry and a repeated key, without quoting the key", () => {
    const cases: [string, RegExp][] = [
      ["secret", /^the key must be 32 bytes written as 64 hex characters or base64 \(generate one with `openssl rand -hex 32`\)/],
      [hex.slice(2), /^the key must be 32 bytes/],
      [`${hex}00`, /^the key must be 32 bytes/],
      [Buffer.alloc(31, 1).toString("base64"), /^the key must be 32 bytes/],
      [Buffer.alloc(33, 1).toString("base64"), /^the key must be 32 bytes/],
      [`${hex},`, /^key 2 of 2 must be 32 bytes/],
      [`${hex},,${OLD.toString("hex")}`, /^key 2 of 3 must be 32 bytes/],
      [`${hex},${NEW.toString("base64")}`, /^key 2 of 2 repeats key 1/],
    ];
    for (const [value, problem] of cases) {
      const parsed = parseEncryptionKeys(value);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) continue;
      expect(parsed.problem).toMatch(problem);
      expect(parsed.problem).not.toContain(hex);
      expect(parsed.problem).not.toContain("secret");
    }
  });
});
