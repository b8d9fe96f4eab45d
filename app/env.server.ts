import cron from "node-cron";
import { z } from "zod";
import { derivedKey } from "./.server/security/keys";
import { KEY_FORMAT_HINT, parseEncryptionKeys } from "./.server/security/session-crypto";
import { appScopes, splitScopes } from "./.server/shopify/app-config";

const DEMO_SECRET = "demo-shared-secret-not-for-production";
/** Without CRM_DEFAULT_FROM or CRM_MAIL_FROM (development, tests, the outbox): a reserved domain no mail can reach. */
export const PLACEHOLDER_FROM = "no-reply@timing-crm.invalid";

const base = z.object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().regex(/^[0-9a-fA-F.:]+$|^localhost$/, "must be an IP address to listen on, e.g. 0.0.0.0 (every interface) or 127.0.0.1").optional(),
    LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
    CRM_RETENTION_DAYS: z.coerce.number("must be a whole number of days, at least 1").int("must be a whole number of days, at least 1").min(1, "must be a whole number of days, at least 1").default(90),
    CRM_MAIL_TRANSPORT: z.enum(["smtp", "outbox"]).optional(),
    TRUST_PROXY: z.coerce.number("must be the number of proxies in front of the app (0, 1, 2…)").int("must be a whole number").min(0).max(10).default(0),
    CRM_DEMO: z.enum(["0", "1"]).default("0"),
    CRM_JOBS: z.enum(["on", "off"]).optional(),
    /** The former name of CRM_JOBS: still read, with a warning at start. */
    CRM_DISPATCH: z.enum(["on", "off"]).optional(),
    CRM_WEBHOOK_APPLY: z.enum(["inline", "background"]).default("inline"),
    CRM_DISPATCH_CRON: z.string().refine((v) => cron.validate(v), "must be a cron expression, e.g. \"* * * * *\" (every minute)").default("* * * * *"),
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, "must be a SQLite file: URL (file:./.data/app.db) or a PostgreSQL URL (postgresql://user@host:5432/db)")
      .optional(),
    SHOPIFY_API_KEY: z.string().min(1).optional(),
    SHOPIFY_API_SECRET: z.string().min(1).optional(),
    SHOPIFY_APP_URL: z.string().url().optional(),
    SCOPES: z.string().optional(),
    SHOP_CUSTOM_DOMAIN: z.string().optional(),
    SMTP_URL: z.string().regex(/^smtps?:\/\//, "must start with smtp:// or smtps://").optional(),
    CRM_OUTBOX_DIR: z.string().default(".data/outbox"),
    CRM_MAIL_FROM: z.string().email().optional(),
    CRM_DEFAULT_FROM: z.string().email().optional(),
    CRM_ENCRYPTION_KEY: z
      .string()
      .transform((value, ctx) => {
        const parsed = parseEncryptionKeys(value);
        if (parsed.ok) return parsed.keys;
        ctx.addIssue({ code: "custom", message: parsed.problem });
        return z.NEVER;
      })
      .optional(),
});

const schemaFor = (requireShopify: boolean) =>
  base.superRefine((env, ctx) => {
    const demo = env.CRM_DEMO === "1";
    if (demo && env.NODE_ENV === "production") {
      ctx.addIssue({ code: "custom", path: ["CRM_DEMO"], message: "demo mode is refused when NODE_ENV=production" });
    }
    if (!demo && requireShopify) {
      for (const key of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"] as const) {
        if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required (outside demo mode, CRM_DEMO=1)" });
      }
    }
    // Production never turns email into files by accident: it needs an SMTP server, or to be told.
    if (env.NODE_ENV === "production" && !env.SMTP_URL && env.CRM_MAIL_TRANSPORT !== "outbox") {
      ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: "is required in production (or set CRM_MAIL_TRANSPORT=outbox to write emails as .eml files on purpose)" });
    }
    // Production's key is its own: one derived from the app secret would be known wherever that secret
    // is, and would change with it, leaving every stored token unreadable.
    if (env.NODE_ENV === "production" && !env.CRM_ENCRYPTION_KEY) {
      ctx.addIssue({ code: "custom", path: ["CRM_ENCRYPTION_KEY"], message: `is required in production: the key that encrypts Shopify access tokens at rest, ${KEY_FORMAT_HINT}` });
    }
    // A shop's email goes From this address until the shop verifies its own: on a real mail server it
    // must be one the operator may send as, so it is never made up there.
    if (env.NODE_ENV === "production" && env.SMTP_URL && env.CRM_MAIL_TRANSPORT !== "outbox" && !env.CRM_DEFAULT_FROM && !env.CRM_MAIL_FROM) {
      ctx.addIssue({ code: "custom", path: ["CRM_DEFAULT_FROM"], message: "is required in production with SMTP (or CRM_MAIL_FROM): the operator's address shops' email goes From until a shop verifies its own" });
    }
    if (env.CRM_MAIL_TRANSPORT === "smtp" && !env.SMTP_URL) {
      ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: "is required with CRM_MAIL_TRANSPORT=smtp" });
    }
  });

export type Env = {
  nodeEnv: "development" | "production" | "test";
  port: number;
  /** The address the server listens on: every interface by default, loopback only in demo mode. */
  host: string;
  logLevel: string;
  /** Days a sent message's rendered body and the outbox files are kept. */
  retentionDays: number;
  /** Proxies in front of the app whose X-Forwarded-For entries are believed. */
  trustProxy: number;
  demo: boolean;
  /** CRM_JOBS: this process runs the background jobs (dispatch, webhook sweep, backfill, compliance). */
  dispatch: boolean;
  /** Settings still read under a former name: the server says so at start. */
  deprecations: string[];
  /** When dispatcher passes run (node-cron syntax; a sixth leading field counts seconds). */
  dispatchCron: string;
  /**
   * inline: the process that stores a webhook applies it right after answering. background: it only
   * stores and answers; processes with background jobs on (CRM_JOBS=on) apply within seconds.
   */
  webhookApply: "inline" | "background";
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[];
  customShopDomains: string[];
  smtpUrl?: string;
  outboxDir: string;
  /**
   * The operator's address. Email a shop sends goes From it (under the shop's name, Reply-To the
   * merchant) until the shop has verified its own sender address. CRM_DEFAULT_FROM, else CRM_MAIL_FROM.
   */
  defaultFrom: string;
  /** Sender of the app's own notices to merchants (data exports, sender verification). CRM_MAIL_FROM, else defaultFrom. */
  mailFrom: string;
  /**
   * Keys for Shopify tokens at rest: the first encrypts, all decrypt (rotation). From CRM_ENCRYPTION_KEY,
   * else, outside production, one derived from the app secret.
   */
  encryptionKeys: Buffer[];
};

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Validates the environment; throws EnvError listing every bad or missing variable at once. */
export function parseEnv(source: Record<string, string | undefined> = process.env, opts: { requireShopify?: boolean } = {}): Env {
  const blankless = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = schemaFor(opts.requireShopify ?? true).safeParse(blankless);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = result.data;
  const demo = e.CRM_DEMO === "1";
  const apiSecret = e.SHOPIFY_API_SECRET ?? DEMO_SECRET;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST ?? (demo ? "127.0.0.1" : "0.0.0.0"),
    logLevel: e.LOG_LEVEL,
    retentionDays: e.CRM_RETENTION_DAYS,
    trustProxy: e.TRUST_PROXY,
    demo,
    dispatch: (e.CRM_JOBS ?? e.CRM_DISPATCH ?? "on") === "on",
    deprecations: e.CRM_DISPATCH !== undefined ? [`CRM_DISPATCH is now CRM_JOBS${e.CRM_JOBS === undefined ? ` (CRM_DISPATCH=${e.CRM_DISPATCH} applied)` : " (CRM_JOBS wins)"}: rename it`] : [],
    dispatchCron: e.CRM_DISPATCH_CRON,
    webhookApply: e.CRM_WEBHOOK_APPLY,
    apiKey: e.SHOPIFY_API_KEY ?? "demo-api-key",
    apiSecret,
    appUrl: e.SHOPIFY_APP_URL ?? `http://localhost:${e.PORT}`,
    // Shopify CLI sets SCOPES from shopify.app.toml during `shopify app dev`; otherwise the TOML itself.
    scopes: e.SCOPES ? splitScopes(e.SCOPES) : appScopes(),
    customShopDomains: e.SHOP_CUSTOM_DOMAIN ? [e.SHOP_CUSTOM_DOMAIN] : [],
    smtpUrl: e.CRM_MAIL_TRANSPORT === "outbox" ? undefined : e.SMTP_URL,
    outboxDir: e.CRM_OUTBOX_DIR,
    defaultFrom: defaultFrom(e),
    mailFrom: e.CRM_MAIL_FROM ?? defaultFrom(e),
    encryptionKeys: e.CRM_ENCRYPTION_KEY ?? [derivedKey(apiSecret, "session-encryption")],
  };
}

function defaultFrom(e: { CRM_DEFAULT_FROM?: string; CRM_MAIL_FROM?: string }): string {
  return e.CRM_DEFAULT_FROM ?? e.CRM_MAIL_FROM ?? PLACEHOLDER_FROM;
}

let cached: Env | undefined;
/** The validated environment of this process (parsed once). */
export function env(): Env {
  return (cached ??= parseEnv());
}
