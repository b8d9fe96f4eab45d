// Shopify's IDs can exceed 2^53, where JSON.parse silently rounds them to a different ID.
// Such integers are rewritten as string literals before parsing, so every digit survives.

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const INTEGER = /^-?(0|[1-9]\d*)$/;
const NUMBER_CHAR = /[-+0-9.eE]/;

function isUnsafeInteger(token: string): boolean {
  if (!INTEGER.test(token)) return false;
  const value = BigInt(token);
  return value > MAX_SAFE || value < -MAX_SAFE;
}

/** JSON.parse, except that integers beyond ±(2^53 − 1) come back as decimal strings with all their digits. */
export function parseWebhookJson(raw: string): unknown {
  const chunks: string[] = [];
  let copiedUpTo = 0;
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c === '"') {
      i++;
      while (i < raw.length && raw[i] !== '"') i += raw[i] === "\\" ? 2 : 1;
      i++;
      continue;
    }
    if (c === "-" || (c >= "0" && c <= "9")) {
      const start = i;
      while (i < raw.length && NUMBER_CHAR.test(raw[i])) i++;
      const token = raw.slice(start, i);
      if (isUnsafeInteger(token)) {
        chunks.push(raw.slice(copiedUpTo, start), `"${token}"`);
        copiedUpTo = i;
      }
      continue;
    }
    i++;
  }
  chunks.push(raw.slice(copiedUpTo));
  const text = chunks.join("");
  // PostgreSQL's text type cannot hold U+0000, so an escaped NUL inside a string value becomes U+FFFD.
  return text.includes("\\u0000") ? JSON.parse(text, replaceNul) : JSON.parse(text);
}

function replaceNul(_key: string, value: unknown): unknown {
  return typeof value === "string" ? withoutNul(value) : value;
}

/** U+0000 → U+FFFD: PostgreSQL refuses NUL in text columns, SQLite keeps it; both then store the same thing. */
export function withoutNul(text: string): string;
export function withoutNul(text: string | null): string | null;
export function withoutNul(text: string | null): string | null {
  return text !== null && text.includes("\u0000") ? text.replaceAll("\u0000", "\uFFFD") : text;
}
