// The benchmark's bare HMAC route is switched on only by CRM_BENCH=1: a deployed app answers 404
// there, and with the switch on it still refuses a forged signature as the webhook routes do.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, startServer, type RunningServer } from "../../../scripts/lib/server-process";
import { postWebhook } from "../../../scripts/lib/webhook-client";

const SECRET = "bench-route-secret";
const BODY = JSON.stringify({ token: "c1", email: "shopper@example.com" });

let dir: string;
const servers: RunningServer[] = [];

async function serve(bench: boolean): Promise<RunningServer> {
  const server = await startServer({
    CRM_DEMO: "1",
    CRM_JOBS: "off",
    NODE_ENV: "test",
    DATABASE_URL: `file:${path.join(dir, `${bench ? "bench" : "plain"}.db`)}`,
    CRM_OUTBOX_DIR: path.join(dir, "outbox"),
    SHOPIFY_API_SECRET: SECRET,
    ...(bench ? { CRM_BENCH: "1" } : {}),
  });
  servers.push(server);
  return server;
}

const post = (server: RunningServer, forgeWith?: string) =>
  postWebhook({ baseUrl: server.url, uri: "/bench/webhook-bare", topic: "checkouts/create", shop: "demo-shop.myshopify.com", body: BODY, secret: SECRET, forgeWith });

beforeAll(() => {
  ensureBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-bench-route-"));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("bare HMAC route for benchmarks", () => {
  it("does not exist without CRM_BENCH=1, even for a genuine signature", async () => {
    const server = await serve(false);
    expect((await post(server)).status).toBe(404);
  });

  it("with CRM_BENCH=1 answers 200 to a genuine signature and 401 to a forged one", async () => {
    const server = await serve(true);
    expect((await post(server)).status).toBe(200);
    expect((await post(server, "someone-elses-secret")).status).toBe(401);
  });
});
