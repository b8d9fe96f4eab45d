// Shopify's access and refresh tokens at rest: a database dump or backup alone must not let anyone
// call the Admin API for our shops. AES-256-GCM authenticates as well as encrypts, so a value altered
// in the database fails to decrypt instead of handing Shopify a corrupted token.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const PREFIX = "enc:";
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** The Session fields, and the Session table's columns, that hold a credential. */
export const SESSION_TOKEN_FIELDS = ["accessToken", "refreshToken"] as const;

export const KEY_FORMAT_HINT = "32 bytes written as 64 hex characters or base64 (generate one with `openssl rand -hex 32`)";

/**
 * A short, public name for a key, stored next to each value: rotation can tell which key wrote a
 * row without trying them all, and an error can name the missing key without revealing it.
 */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export type ParsedKeys = { ok: true; keys: Buffer[] } | { ok: false; problem: string };

/** CRM_ENCRYPTION_KEY: comma-separated keys, the encrypting one first. Problems never quote a key. */
export function parseEncryptionKeys(value: string): ParsedKeys {
  const parts = value.split(",").map((p) => p.trim());
  const keys: Buffer[] = [];
  const seen = new Map<string, number>();
  for (const [i, part] of parts.entries()) {
    const position = parts.length > 1 ? `key ${i + 1} of ${parts.length}` : "the key";
    const key = decodeKey(part);
    if (!key) return { ok: false, problem: `${position} must be ${KEY_FORMAT_HINT}; separate several keys with commas, the encrypting one first` };
    const id = keyIdOf(key);
    const earlier = seen.get(id);
    if (earlier !== undefined) return { ok: false, problem: `${position} repeats key ${earlier + 1}` };
    seen.set(id, i);
    keys.push(key);
  }
  return { ok: true, keys };
}

function decodeKey(text: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, "hex");
  // `openssl rand -base64 32` (44 characters with one `=`), or the URL-safe alphabet.
  if (/^[A-Za-z0-9+/]{43}=?$/.test(text) || /^[A-Za-z0-9_-]{43}=?$/.test(text)) {
    const key = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (key.length === KEY_BYTES) return key;
  }
  return undefined;
}

/** A stored value that cannot be turned back into its token. The message names the key, never the token. */
export class SessionDecryptError extends Error {
  constructor(
    message: string,
    readonly keyId: string | undefined,
  ) {
    super(message);
    this.name = "SessionDecryptError";
  }
}

export type TokenCipher = {
  /** The id of the key new values are written under (the first configured key). */
  readonly currentKeyId: string;
  encrypt(plaintext: string): string;
  /** The token; a value without the `enc:` prefix is a row from before encryption and is returned as is. */
  decrypt(stored: string): string;
  /** Whether a stored value is already encrypted under the current key (else it is re-encrypted). */
  isCurrent(stored: string): boolean;
};

/** `keys[0]` encrypts; every key decrypts. `randomIv` is an argument so tests can pin it. */
export function createTokenCipher(keys: readonly Buffer[], randomIv: (bytes: number) => Buffer = randomBytes): TokenCipher {
  if (keys.length === 0) throw new Error("createTokenCipher needs at least one key");
  for (const key of keys) if (key.length !== KEY_BYTES) throw new Error(`an encryption key must be ${KEY_BYTES} bytes, got ${key.length}`);
  const byId = new Map(keys.map((key) => [keyIdOf(key), key] as const));
  const current = keys[0];
  const currentKeyId = keyIdOf(current);

  return {
    currentKeyId,
    encrypt(plaintext) {
      const iv = randomIv(IV_BYTES);
      if (iv.length !== IV_BYTES) throw new Error(`the IV must be ${IV_BYTES} bytes`);
      const cipher = createCipheriv("aes-256-gcm", current, iv);
      const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return `${PREFIX}${VERSION}:${currentKeyId}:${iv.toString("base64url")}:${sealed.toString("base64url")}`;
    },
    decrypt(stored) {
      if (!stored.startsWith(PREFIX)) return stored;
      const { keyId, iv, sealed } = parseStored(stored);
      const key = byId.get(keyId);
      if (!key) {
        throw new SessionDecryptError(
          `a session token is encrypted with key ${keyId}, which is not in CRM_ENCRYPTION_KEY (configured: ${[...byId.keys()].join(", ")}); add that key back after the current one`,
          keyId,
        );
      }
      const decipher = createDecipheriv("aes-256-gcm", key, iv);
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString("utf8");
      } catch {
        throw new SessionDecryptError(`a session token encrypted with key ${keyId} fails authentication: the stored value was altered or corrupted`, keyId);
      }
    },
    isCurrent(stored) {
      return stored.startsWith(`${PREFIX}${VERSION}:${currentKeyId}:`);
    },
  };
}

function parseStored(stored: string): { keyId: string; iv: Buffer; sealed: Buffer } {
  const [, version, keyId, iv, sealed, ...rest] = stored.split(":");
  const id = /^[0-9a-f]{8}$/.test(keyId ?? "") ? keyId : undefined;
  if (version !== VERSION) throw new SessionDecryptError(`a session token is stored in an unknown format (${JSON.stringify(version ?? "")}; this version reads ${VERSION})`, id);
  const b64url = /^[A-Za-z0-9_-]+$/;
  const ivBytes = iv && b64url.test(iv) ? Buffer.from(iv, "base64url") : undefined;
  const sealedBytes = sealed && b64url.test(sealed) ? Buffer.from(sealed, "base64url") : undefined;
  if (!id || rest.length > 0 || ivBytes?.length !== IV_BYTES || !sealedBytes || sealedBytes.length < TAG_BYTES) {
    throw new SessionDecryptError(`a session token${id ? ` encrypted with key ${id}` : ""} is malformed (expected enc:${VERSION}:<keyId>:<iv>:<ciphertext>)`, id);
  }
  return { keyId: id, iv: ivBytes, sealed: sealedBytes };
}
