import { describe, expect, it } from "vitest";
import { derivedKey } from "~/.server/security/keys";
import { EnvError, parseEnv } from "~/env.server";

const KEY = "ab".repeat(32);

describe("environment", () => {
  it("lists every missing variable at once outside demo mode", () => {
    try {
      parseEnv({ NODE_ENV: "production" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const { problems } = error as EnvError;
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringContaining("SHOPIFY_API_KEY"),
          expect.stringContaining("SHOPIFY_API_SECRET"),
          expect.stringContaining("SHOPIFY_APP_URL"),
        ]),
      );
    }
  });

  it("refuses demo mode in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production", CRM_DEMO: "1" })).toThrow(/demo mode is refused/);
  });

  it("rejects malformed values with the variable's name", () => {
    expect(() => parseEnv({ CRM_DEMO: "1", PORT: "eighty", SMTP_URL: "mail.example.com" })).toThrow(/PORT[\s\S]*SMTP_URL/);
  });

  it("runs the demo with no Shopify credentials and local defaults", () => {
    const env = parseEnv({ CRM_DEMO: "1", PORT: "4000" });
    expect(env).toMatchObject({ demo: true, dispatch: true, appUrl: "http://localhost:4000", outboxDir: ".data/outbox" });
    expect(env.smtpUrl).toBeUndefined();
  });

  it("checks every variable the app reads and lists every bad one at once", () => {
    try {
      parseEnv({ CRM_DEMO: "1", NODE_ENV: "test", LOG_LEVEL: "bogus", CRM_RETENTION_DAYS: "abc", CRM_DISPATCH_CRON: "every minute", HOST: "my laptop", CRM_MAIL_TRANSPORT: "pigeon" });
      expect.unreachable();
    } catch (error) {
      const { problems } = error as EnvError;
      expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(["CRM_DISPATCH_CRON", "CRM_MAIL_TRANSPORT", "CRM_RETENTION_DAYS", "HOST", "LOG_LEVEL"]);
    }
  });

  it("in production, refuses to turn email into files unless told to", () => {
    const shopify = { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://crm.example", CRM_ENCRYPTION_KEY: KEY };
    expect(() => parseEnv({ NODE_ENV: "production", ...shopify })).toThrow(/SMTP_URL: is required in production \(or set CRM_MAIL_TRANSPORT=outbox/);
    expect(parseEnv({ NODE_ENV: "production", ...shopify, CRM_MAIL_TRANSPORT: "outbox" })).toMatchObject({ smtpUrl: undefined, host: "0.0.0.0" });
    expect(parseEnv({ NODE_ENV: "production", ...shopify, SMTP_URL: "smtp://mail.example:587", CRM_DEFAULT_FROM: "shops@crm.example" })).toMatchObject({ smtpUrl: "smtp://mail.example:587" });
  });

  it("in production with SMTP, wants the operator's From address instead of making one up", () => {
    const smtp = { NODE_ENV: "production", SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://crm.example", CRM_ENCRYPTION_KEY: KEY, SMTP_URL: "smtp://mail.example:587" };
    expect(() => parseEnv(smtp)).toThrow(/CRM_DEFAULT_FROM: is required in production with SMTP/);
    expect(parseEnv({ ...smtp, CRM_DEFAULT_FROM: "shops@crm.example" })).toMatchObject({ defaultFrom: "shops@crm.example", mailFrom: "shops@crm.example" });
    expect(parseEnv({ ...smtp, CRM_MAIL_FROM: "notices@crm.example" })).toMatchObject({ defaultFrom: "notices@crm.example", mailFrom: "notices@crm.example" });
    expect(parseEnv({ NODE_ENV: "development", CRM_DEMO: "1" })).toMatchObject({ defaultFrom: "no-reply@timing-crm.invalid" });
  });

  it("reads CRM_JOBS, and the former CRM_DISPATCH with a warning", () => {
    const demo = { CRM_DEMO: "1", NODE_ENV: "development" };
    expect(parseEnv(demo)).toMatchObject({ dispatch: true, deprecations: [] });
    expect(parseEnv({ ...demo, CRM_JOBS: "off" })).toMatchObject({ dispatch: false, deprecations: [] });
    expect(parseEnv({ ...demo, CRM_DISPATCH: "off" })).toMatchObject({ dispatch: false, deprecations: ["CRM_DISPATCH is now CRM_JOBS (CRM_DISPATCH=off applied): rename it"] });
    expect(parseEnv({ ...demo, CRM_DISPATCH: "off", CRM_JOBS: "on" })).toMatchObject({ dispatch: true, deprecations: [expect.stringContaining("CRM_JOBS wins")] });
  });

  it("demo mode listens on loopback only", () => {
    expect(parseEnv({ CRM_DEMO: "1", NODE_ENV: "development" }).host).toBe("127.0.0.1");
    expect(parseEnv({ CRM_DEMO: "1", NODE_ENV: "development", HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
  });

  describe("CRM_ENCRYPTION_KEY", () => {
    const production = { NODE_ENV: "production", SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://crm.example", CRM_MAIL_TRANSPORT: "outbox" };

    it("is required in production, and the refusal says how to make one", () => {
      expect(() => parseEnv(production)).toThrow(/CRM_ENCRYPTION_KEY: is required in production: .*64 hex characters or base64 \(generate one with `openssl rand -hex 32`\)/);
      expect(() => parseEnv({ ...production, CRM_ENCRYPTION_KEY: "" })).toThrow(/CRM_ENCRYPTION_KEY: is required in production/);
      expect(parseEnv({ ...production, CRM_ENCRYPTION_KEY: KEY }).encryptionKeys).toEqual([Buffer.from(KEY, "hex")]);
    });

    it("refuses a key in the wrong form, naming the variable and never echoing the value", () => {
      for (const [value, problem] of [
        ["my-secret-passphrase", /CRM_ENCRYPTION_KEY: the key must be 32 bytes written as 64 hex characters or base64 \(generate one with `openssl rand -hex 32`\)/],
        [KEY.slice(0, 32), /CRM_ENCRYPTION_KEY: the key must be 32 bytes/],
        [`${KEY},not-a-key`, /CRM_ENCRYPTION_KEY: key 2 of 2 must be 32 bytes/],
        [`${KEY},${KEY}`, /CRM_ENCRYPTION_KEY: key 2 of 2 repeats key 1/],
      ] as const) {
        for (const source of [production, { CRM_DEMO: "1" }]) {
          try {
            parseEnv({ ...source, CRM_ENCRYPTION_KEY: value });
            expect.unreachable(`accepted ${value}`);
          } catch (error) {
            expect(error).toBeInstanceOf(EnvError);
            expect((error as EnvError).message).toMatch(problem);
            expect((error as EnvError).message).not.toContain(value.split(",").at(-1));
          }
        }
      }
    });

    it("keeps every listed key in order: the first encrypts, the rest only decrypt", () => {
      const old = Buffer.alloc(32, 5);
      expect(parseEnv({ ...production, CRM_ENCRYPTION_KEY: `${KEY},${old.toString("base64")}` }).encryptionKeys).toEqual([Buffer.from(KEY, "hex"), old]);
    });

    it("outside production, without it, derives a development key from the app secret", () => {
      const demo = parseEnv({ CRM_DEMO: "1", NODE_ENV: "test" });
      expect(demo.encryptionKeys).toEqual([derivedKey(demo.apiSecret, "session-encryption")]);
      expect(demo.encryptionKeys[0]).toHaveLength(32);
      expect(demo.encryptionKeys[0].equals(derivedKey(demo.apiSecret, "offer-token"))).toBe(false);
      const dev = parseEnv({ NODE_ENV: "development", SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "another-secret", SHOPIFY_APP_URL: "https://crm.example" });
      expect(dev.encryptionKeys).toEqual([derivedKey("another-secret", "session-encryption")]);
      expect(dev.encryptionKeys[0].equals(demo.encryptionKeys[0])).toBe(false);
    });
  });
});
