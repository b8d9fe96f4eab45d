// Demo and local mode: each email is a real RFC 822 file in a folder instead of an SMTP delivery.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

export type OutboxEntry = { to: string; subject: string; scenario: string; file: string };

/** `<ISO time>-<hash of key>.eml`: sorts by time, and two messages never share a name. */
export function outboxFileName(messageKey: string, at: Date): string {
  const hash = createHash("sha256").update(messageKey).digest("hex").slice(0, 12);
  return `${at.toISOString().replace(/:/g, "-")}-${hash}.eml`;
}

export async function writeOutboxFile(dir: string, name: string, raw: Buffer): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await fs.writeFile(file, raw);
  return file;
}

/** Every message in the outbox, oldest first; a folder that does not exist yet is an empty outbox. */
export async function listOutbox(dir: string): Promise<OutboxEntry[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  const entries: OutboxEntry[] = [];
  for (const name of names.filter((n) => n.endsWith(".eml")).sort()) {
    const file = path.join(dir, name);
    const headers = parseHeaders(await fs.readFile(file, "utf8"));
    entries.push({
      to: headers.get("to") ?? "",
      subject: headers.get("subject") ?? "",
      scenario: headers.get("x-crm-scenario") ?? "",
      file,
    });
  }
  return entries;
}

/** The header block of a message, unfolded, with encoded words decoded. Lower-cased names. */
export function parseHeaders(raw: string): Map<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = (end === -1 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, " ");
  const headers = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

function wordBytes(encoding: string, text: string): Buffer {
  if (encoding.toUpperCase() === "B") return Buffer.from(text, "base64");
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "_") bytes.push(0x20);
    else if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0));
  }
  return Buffer.from(bytes);
}

function decodeBytes(charset: string, bytes: Buffer): string {
  try {
    return new TextDecoder(charset.split("*")[0]).decode(bytes);
  } catch {
    return bytes.toString("utf8");
  }
}

/**
 * RFC 2047 encoded words ("=?UTF-8?B?…?="). Adjacent words are joined before decoding: an encoder
 * may split one character's bytes across two of them, and the space between them is not text.
 */
export function decodeWords(value: string): string {
  let out = "";
  let last = 0;
  let pending: { charset: string; bytes: Buffer[] } | null = null;
  const flush = () => {
    if (pending) out += decodeBytes(pending.charset, Buffer.concat(pending.bytes));
    pending = null;
  };
  for (const match of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(last, match.index);
    const charset = match[1].toLowerCase();
    const bytes = wordBytes(match[2], match[3]);
    const p = pending as { charset: string; bytes: Buffer[] } | null;
    if (p && /^\s*$/.test(between) && p.charset === charset) p.bytes.push(bytes);
    else {
      flush();
      out += between;
      pending = { charset, bytes: [bytes] };
    }
    last = match.index + match[0].length;
  }
  flush();
  return out + value.slice(last);
}
