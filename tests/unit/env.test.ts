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
});
