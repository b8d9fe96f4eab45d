// A script posting huge bodies cannot take the server down: a body declared over its endpoint's cap is
// refused before it is read, an undeclared (chunked) one is cut off at the cap, memory stays flat, and
// the dispatcher in the same process keeps running.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PIXEL_BODY_LIMIT, PROXY_BODY_LIMIT, WEBHOOK_BODY_LIMIT } from "~/.server/http/body-limit";
import { startServer, type RunningServer } from "../../../scripts/lib/server-process";
import { postWebhook } from "../../../scripts/lib/webhook-client";
import { createEmptyDatabase, type EmptyDatabase } from "../../support/db";

const MB = 1024 * 1024;
const HUGE = 100 * MB;
const CONCURRENT = 20;

let dir: string;
let database: EmptyDatabase;
let server: RunningServer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-limits-"));
  database = await createEmptyDatabase(dir, { migrated: false });
  server = await startServer({ CRM_DEMO: "1", NODE_ENV: "test", CRM_JOBS: "on", CRM_DISPATCH_CRON: "* * * * * *", DATABASE_URL: database.url, CRM_OUTBOX_DIR: path.join(dir, "outbox") });
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

type Outcome = { status: number | null; error: string | null; sent: number };

/**
 * Posts `size` bytes of junk. Declared: sends the headers, then the body only if the server has not
 * answered within a second. Chunked: streams 64 KiB chunks until done or the connection is cut.
 */
function post(urlPath: string, size: number, declared: boolean): Promise<Outcome> {
  return new Promise((resolve) => {
    let sent = 0;
    let settled = false;
    const done = (o: Omit<Outcome, "sent">) => {
      if (settled) return;
      settled = true;
      resolve({ ...o, sent });
    };
    const req = http.request(`${server.url}${urlPath}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(declared ? { "Content-Length": String(size) } : { "Transfer-Encoding": "chunked" }) },
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => done({ status: res.statusCode ?? null, error: null }));
      res.on("error", (e) => done({ status: res.statusCode ?? null, error: e.message }));
    });
    req.on("error", (e) => done({ status: null, error: (e as NodeJS.ErrnoException).code ?? e.message }));
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!settled && sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!settled) req.end();
    };
    if (declared) {
      req.flushHeaders();
      setTimeout(pump, 1000);
    } else pump();
  });
}

describe("bounded request bodies", () => {
  it(`${CONCURRENT} concurrent ${HUGE / MB} MB posts are refused with 413, memory stays flat, and the server keeps working`, async () => {
    const pid = server.child.pid!;
    const before = rssMb(pid);
    const outcomes = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => post(["/webhooks/orders", "/apps/crm/signup", "/pixel/events"][i % 3], HUGE, i % 4 < 2)));
    const after = rssMb(pid);

    const declared = outcomes.filter((_, i) => i % 4 < 2);
    const chunked = outcomes.filter((_, i) => i % 4 >= 2);
    // Refused from the headers alone: not a byte of the body was needed.
    for (const o of declared) expect(o).toMatchObject({ status: 413 });
    // Cut off at the cap: 413, or the connection closed under the sender; never the whole body taken.
    for (const o of chunked) {
      expect(o.status === 413 || o.error !== null, JSON.stringify(o)).toBe(true);
      expect(o.sent).toBeLessThan(HUGE);
    }
    console.log(`server RSS ${before.toFixed(0)} MB before, ${after.toFixed(0)} MB after ${CONCURRENT} × ${HUGE / MB} MB posts`);
    expect(after - before).toBeLessThan(100);

    // Still serving: a genuine webhook is taken, the health check says the dispatcher runs.
    const genuine = await postWebhook({ baseUrl: server.url, uri: "/webhooks/customers", topic: "customers/create", shop: "demo-shop.myshopify.com", secret: "demo-shared-secret-not-for-production", body: JSON.stringify({ id: 1, email: "ok@example.com" }) });
    expect(genuine.status).toBe(200);
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { ok: boolean; dispatcher: { running: boolean } };
    expect(health).toMatchObject({ ok: true, dispatcher: { running: true } });
  }, 120_000);

  it("each endpoint has its own cap: a webhook over 2 MB, a proxy call over 4 KB, a pixel batch over 16 KB", async () => {
    expect(await post("/webhooks/orders", WEBHOOK_BODY_LIMIT + 1, true)).toMatchObject({ status: 413 });
    expect(await post("/apps/crm/signup", PROXY_BODY_LIMIT + 1, true)).toMatchObject({ status: 413 });
    expect(await post("/pixel/events", PIXEL_BODY_LIMIT + 1, true)).toMatchObject({ status: 413 });
    const pixelChunked = await post("/pixel/events", 4 * PIXEL_BODY_LIMIT, false);
    expect(pixelChunked.status === 413 || pixelChunked.error !== null, JSON.stringify(pixelChunked)).toBe(true);
    // Undeclared: read up to the cap, then the connection is closed rather than the rest drained.
    const chunked = await post("/apps/crm/signup", PROXY_BODY_LIMIT + 1, false);
    expect(chunked.status === 413 || chunked.error !== null, JSON.stringify(chunked)).toBe(true);
  }, 30_000);
});
