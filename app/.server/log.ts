// Structured logs: one JSON object per line on stdout, ids only. Personal data never belongs in a
// log line; the redact paths and the address scrubber are the safety net for a line that slips.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

/** Field names that hold personal data or secrets, at the top level and one level down. */
const SENSITIVE = [
  "email",
  "to",
  "firstName",
  "lastName",
  "name",
  "phone",
  "address",
  "postalAddress",
  "ip",
  "token",
  "accessToken",
  "secret",
  "payload",
  "body",
  "headers",
  // A message key holds checkout tokens; a discount code can be redeemed. Lines name the message id.
  "key",
  "messageKey",
];

/** A discount code at the top level; one level down `code` is an error's (err.code: ECONNREFUSED), kept. */
export const REDACT_PATHS = [...SENSITIVE, ...SENSITIVE.map((key) => `*.${key}`), "code"];

const EMAIL = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[a-z]{2,}/gi;

/** Replaces every e-mail address in free text: error messages can quote a value. */
export function scrubText(text: string): string {
  return text.replace(EMAIL, "[email]");
}

type RequestContext = { requestId: string };

// The server entry and the Remix build each load their own copy of this module: the store is shared
// through the global registry so a request id set by the server's middleware reaches the routes.
const STORE_KEY = Symbol.for("timing-crm.request-context");
const registry = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>;
const requests = (registry[STORE_KEY] ??= new AsyncLocalStorage<RequestContext>());

export function currentRequestId(): string | null {
  return requests.getStore()?.requestId ?? null;
}

/** Runs `fn` with a request id that every log line written inside it carries. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return requests.run({ requestId }, fn);
}

/** Runs `fn` outside any request: work it starts is not logged under the id of the request that started it. */
export function outsideRequest<T>(fn: () => T): T {
  return requests.exit(fn);
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's X-Request-Id when it is a plain token (it lands in logs and headers), else a new one. */
export function requestIdFrom(header: string | null | undefined, generate: () => string = randomUUID): string {
  return header && REQUEST_ID.test(header) ? header : generate();
}

export function createLogger(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level || "info",
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === "string" ? scrubText(arg) : arg)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
      serializers: { err: (e: unknown) => (e instanceof Error ? { type: e.name, message: scrubText(e.message.split("\n")[0]) } : e) },
    },
    opts.destination,
  );
}

const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal", "silent"]);

/**
 * The process's logger; `LOG_LEVEL` (trace … fatal, silent) sets how much it writes. A bad value is
 * reported by the environment check (env.server.ts) with every other one, not thrown here at import.
 */
export const log: Logger = createLogger({ level: LEVELS.has(process.env.LOG_LEVEL ?? "") ? process.env.LOG_LEVEL : undefined });
