// Outside demo mode there is no way into the admin without Shopify: /app answers with the library's
// auth flow, never with the page.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, startServer, type RunningServer } from "../../../scripts/lib/server-process";

let server: RunningServer;
let dir: string;
beforeAll(async () => {
  ensureBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-auth-"));
  server = await startServer({
    CRM_DEMO: "0",
    CRM_JOBS: "off",
    NODE_ENV: "test",
    DATABASE_URL: `file:${path.join(dir, "app.db")}`,
    CRM_OUTBOX_DIR: path.join(dir, "outbox"),
    SHOPIFY_API_KEY: "test-key",
    SHOPIFY_API_SECRET: "test-secret",
    SHOPIFY_APP_URL: "https://crm.example.com",
  });
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("admin outside demo mode", () => {
  for (const route of ["/app", "/app/settings", "/app/activity", "/app?shop=demo-shop.myshopify.com"]) {
    it(`does not serve ${route} without a Shopify session`, async () => {
      const res = await fetch(`${server.url}${route}`, { redirect: "manual" });
      const body = await res.text();
      expect([302, 401, 410]).toContain(res.status);
      expect(body).not.toContain("data-scenario");
      expect(body).not.toContain("Demo mode");
    });
  }

  it("does not accept a forged bearer token on a data request", async () => {
    const res = await fetch(`${server.url}/app/settings`, { redirect: "manual", headers: { Authorization: "Bearer forged.token.value" } });
    expect(res.status).not.toBe(200);
  });
});
