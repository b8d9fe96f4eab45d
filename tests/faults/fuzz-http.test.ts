// Fuzzing the real server over HTTP: at least 10,000 webhook requests with generated bodies and
// headers never crash it (no 5xx), every request signed with the wrong secret is answered 401 and
// leaves no trace, and forged or stale app-proxy signatures and forged unsubscribe or tracking
// tokens are refused with nothing recorded.
import fs from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "~/env.server";
import { signAppProxyQuery } from "~/.server/channels/onsite/proxy-signature";
import { signTracking } from "~/.server/tracking/tokens";
import { signUnsubscribeToken } from "~/.server/tracking/unsubscribe";
import { TOPICS } from "~/.server/webhooks/topics";
import { signWebhookBody } from "../../scripts/lib/webhook-client";
import { startApp, SHOP, type App } from "../support/app";

const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);
const REQUESTS = 10_000;
const CONCURRENCY = 16;

let app: App;
let secret: string;
beforeAll(async () => {
  app = await startApp();
  secret = parseEnv(app.env).apiSecret;
});
afterAll(() => app?.close());

const KNOWN = Object.keys(TOPICS);
const URIS = [...new Set(Object.values(TOPICS).map((t) => t.uri))];
/** Header values a client can actually send: visible ASCII and spaces, no line breaks. */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 300 }).map((s) => s.trim());

const sampleOrder = { id: 820982911946154508, email: "jon@example.com", created_at: "2026-03-01T10:00:00Z", updated_at: "2026-03-01T10:00:00Z", total_price: "10.00", currency: "USD", customer: { id: 115310627314723954, email: "jon@example.com" } };

const body = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ ...sampleOrder, id: v })),
  fc.dictionary(fc.constantFrom("id", "email", "token", "created_at", "updated_at", "customer", "line_items", "total_price", "completed_at", "status", "order_id"), fc.jsonValue({ maxDepth: 3 })).map((o) => JSON.stringify(o)),
  fc.string({ maxLength: 500 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString("latin1")),
  fc.constantFrom("", "{", "null", "[]", "{\"id\":1e400}", "{\"id\":99999999999999999999999}", "{\"__proto__\":{\"x\":1}}", JSON.stringify(sampleOrder)),
);

type Forgery = "none" | "other-secret" | "garbage" | "bit-flip";

const request = fc.record({
  body,
  topic: fc.oneof(fc.constantFrom(...KNOWN), headerText),
  uri: fc.constantFrom(...URIS),
  shop: fc.oneof(fc.constant(SHOP), fc.constant("other-shop.myshopify.com"), headerText),
  webhookId: fc.oneof(fc.uuid(), headerText),
  triggeredAt: fc.option(fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), headerText)),
  apiVersion: fc.oneof(fc.constant("2025-10"), headerText),
  forgery: fc.constantFrom<Forgery>("none", "none", "other-secret", "garbage", "bit-flip"),
});

type Fuzzed = typeof request extends fc.Arbitrary<infer T> ? T : never;

function signature(r: Fuzzed): string {
  const good = signWebhookBody(r.body, secret);
  switch (r.forgery) {
    case "none":
      return good;
    case "other-secret":
      return signWebhookBody(r.body, `${secret}-guessed`);
    case "garbage":
      return Buffer.from(r.webhookId + r.body.slice(0, 20)).toString("base64");
    case "bit-flip": {
      const bytes = Buffer.from(good, "base64");
      bytes[r.body.length % bytes.length] ^= 1;
      return bytes.toString("base64");
    }
  }
}

async function send(r: Fuzzed, index: number): Promise<{ status: number; r: Fuzzed; webhookId: string }> {
  // Unique per request, so a forged one can be looked for afterwards.
  const webhookId = `${index}-${r.webhookId}`.slice(0, 200);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": r.topic,
    "X-Shopify-Shop-Domain": r.shop,
    "X-Shopify-API-Version": r.apiVersion,
    "X-Shopify-Webhook-Id": webhookId,
    "X-Shopify-Hmac-Sha256": signature(r),
  };
  if (r.triggeredAt) headers["X-Shopify-Triggered-At"] = r.triggeredAt;
  const res = await fetch(`${app.server.url}${r.uri}`, { method: "POST", headers, body: r.body });
  await res.arrayBuffer();
  return { status: res.status, r, webhookId };
}

describe(`fuzzed requests against the real server (seed ${SEED}, FAULT_SEED to replay)`, () => {
  it(`${REQUESTS.toLocaleString("en-US")} fuzzed webhook bodies and headers: no 5xx, every forged HMAC 401 and unrecorded`, async () => {
    const requests = fc.sample(request, { seed: SEED, numRuns: REQUESTS });
    const answers: Awaited<ReturnType<typeof send>>[] = [];
    for (let i = 0; i < requests.length; i += CONCURRENCY) {
      answers.push(...(await Promise.all(requests.slice(i, i + CONCURRENCY).map((r, k) => send(r, i + k)))));
    }
    const crashed = answers.filter((a) => a.status >= 500).map((a) => ({ status: a.status, ...a.r }));
    const serverErrors = app.server.output().split("\n").filter((l) => /fail|error/i.test(l));
    // FAULT_DUMP=file keeps every error line the server logged, for diagnosing a failure.
    if (process.env.FAULT_DUMP) fs.writeFileSync(process.env.FAULT_DUMP, serverErrors.join("\n"));
    expect(crashed.slice(0, 5), `${crashed.length} requests answered 5xx; the server said:\n${serverErrors.slice(-5).join("\n")}`).toEqual([]);

    const forged = answers.filter((a) => a.r.forgery !== "none");
    expect(forged.length).toBeGreaterThan(REQUESTS / 3);
    expect(forged.filter((a) => a.status !== 401).map((a) => ({ status: a.status, ...a.r })).slice(0, 5)).toEqual([]);
    const recorded = new Set((await app.db.webhookDelivery.findMany({ select: { webhookId: true } })).map((d) => d.webhookId));
    expect(forged.filter((a) => recorded.has(a.webhookId))).toEqual([]);

    // Genuine deliveries were not all turned away: the fuzzing reached the intake.
    const genuine = answers.filter((a) => a.r.forgery === "none");
    expect(genuine.filter((a) => a.status === 200).length).toBeGreaterThan(genuine.length / 2);
    console.log(`${answers.length} requests: ${genuine.filter((a) => a.status === 200).length} genuine answered 200, ${forged.length} forged answered 401, ${recorded.size} recorded`);
  }, 240_000);

  it("forged, tampered and stale app-proxy signatures on /proxy/offer are refused and record nothing", async () => {
    const proxyUrl = (opts: { at: Date; secret: string; visitor: string }) => {
      const query = signAppProxyQuery(new URLSearchParams({ v: opts.visitor, c: "1" }), { shop: SHOP, loggedInCustomerId: "", pathPrefix: "/apps/crm", timestamp: opts.at }, opts.secret);
      return `${app.server.url}/proxy/offer?${query}`;
    };
    const now = new Date();
    const cases = fc.sample(
      fc.record({
        kind: fc.constantFrom("other-secret", "stale", "future", "tampered", "no-signature"),
        visitor: fc.stringMatching(/^[a-z0-9]{8,24}$/),
        minutes: fc.integer({ min: 6, max: 60 * 24 * 30 }),
      }),
      { seed: SEED, numRuns: 200 },
    );
    const genuine = await fetch(proxyUrl({ at: now, secret, visitor: "fuzz-genuine-visitor" }));
    expect(genuine.status).toBe(200);
    for (const c of cases) {
      const visitor = `fuzz-${c.visitor}`;
      let url: string;
      switch (c.kind) {
        case "other-secret":
          url = proxyUrl({ at: now, secret: `${secret}x`, visitor });
          break;
        case "stale":
          url = proxyUrl({ at: new Date(now.getTime() - c.minutes * 60_000), secret, visitor });
          break;
        case "future":
          url = proxyUrl({ at: new Date(now.getTime() + c.minutes * 60_000), secret, visitor });
          break;
        case "tampered": {
          const u = new URL(proxyUrl({ at: now, secret, visitor }));
          u.searchParams.set("logged_in_customer_id", String(c.minutes));
          url = u.toString();
          break;
        }
        case "no-signature": {
          const u = new URL(proxyUrl({ at: now, secret, visitor }));
          u.searchParams.delete("signature");
          url = u.toString();
          break;
        }
      }
      const res = await fetch(url);
      expect([400, 401], `${c.kind} answered ${res.status}`).toContain(res.status);
      expect(await app.db.onsiteEvent.count({ where: { visitorId: visitor } })).toBe(0);
    }
  }, 120_000);

  it("forged unsubscribe and tracking tokens are refused and change nothing", async () => {
    const message = { shop: SHOP, email: "victim@fuzz.example", messageKey: `${SHOP}:welcome:customer:1:0` };
    const genuineUnsub = signUnsubscribeToken(message, secret);
    // Flips a high bit of one base64url digit: the low bits of a last digit can be padding, which decodes the same.
    const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const flip = (token: string, at: number) => {
      const v = B64.indexOf(token[at]);
      return token.slice(0, at) + (v < 0 ? "A" : B64[v ^ 32]) + token.slice(at + 1);
    };
    const unsubTokens = [signUnsubscribeToken(message, `${secret}x`), ...fc.sample(fc.nat({ max: genuineUnsub.length - 1 }), { seed: SEED, numRuns: 50 }).map((i) => flip(genuineUnsub, i)), "", "x", "a.b", genuineUnsub + "x"];
    for (const token of unsubTokens) {
      if (token === genuineUnsub) continue;
      const res = await fetch(`${app.server.url}/unsubscribe?token=${encodeURIComponent(token)}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
      expect(res.status, `unsubscribe token ${token}`).toBe(400);
    }
    expect(await app.db.suppression.count({ where: { email: message.email } })).toBe(0);

    const open = signTracking({ kind: "open", messageId: "m-fuzz" }, secret);
    const click = signTracking({ kind: "click", messageId: "m-fuzz", url: "https://demo-shop.example/" }, secret);
    const forgedTracking = [
      ["o", signTracking({ kind: "open", messageId: "m-fuzz" }, `${secret}x`)],
      ["c", signTracking({ kind: "click", messageId: "m-fuzz", url: "https://evil.example/" }, `${secret}x`)],
      ["o", click],
      ["c", open],
      ...fc.sample(fc.nat({ max: click.length - 1 }), { seed: SEED, numRuns: 30 }).map((i) => ["c", flip(click, i)]),
      ...fc.sample(fc.nat({ max: open.length - 1 }), { seed: SEED + 1, numRuns: 30 }).map((i) => ["o", flip(open, i)]),
    ].filter(([, token]) => token !== open && token !== click);
    for (const [kind, token] of forgedTracking) {
      const res = await fetch(`${app.server.url}/t/${kind}/${encodeURIComponent(token)}`, { redirect: "manual" });
      expect(res.status, `/t/${kind}/${token}`).toBe(400);
      expect(res.headers.get("location")).toBeNull();
    }
    expect(await app.db.messageEvent.count({ where: { messageId: "m-fuzz" } })).toBe(0);
  }, 120_000);
});
