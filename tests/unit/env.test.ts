import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/env.server";

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
    const shopify = { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://crm.example" };
    expect(() => parseEnv({ NODE_ENV: "production", ...shopify })).toThrow(/SMTP_URL: is required in production \(or set CRM_MAIL_TRANSPORT=outbox/);
    expect(parseEnv({ NODE_ENV: "production", ...shopify, CRM_MAIL_TRANSPORT: "outbox" })).toMatchObject({ smtpUrl: undefined, host: "0.0.0.0" });
    expect(parseEnv({ NODE_ENV: "production", ...shopify, SMTP_URL: "smtp://mail.example:587" })).toMatchObject({ smtpUrl: "smtp://mail.example:587" });
  });

  it("demo mode listens on loopback only", () => {
    expect(parseEnv({ CRM_DEMO: "1", NODE_ENV: "development" }).host).toBe("127.0.0.1");
    expect(parseEnv({ CRM_DEMO: "1", NODE_ENV: "development", HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
  });
});
