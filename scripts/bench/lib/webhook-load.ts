// Webhook load over loopback with autocannon: realistic checkouts/create and orders/create bodies,
// signed ahead of time like Shopify signs them, each request with its own X-Shopify-Webhook-Id.
import autocannon from "autocannon";
import { randomBytes } from "node:crypto";
import { checkout, order } from "../../demo/payloads";
import { signWebhookBody } from "../../lib/webhook-client";
import { uriForTopic } from "../../../app/.server/webhooks/topics";

export const BENCH_SHOP = "demo-shop.myshopify.com";
/** The default secret of demo mode, which the bench servers run in. */
export const DEMO_SECRET = "demo-shared-secret-not-for-production";
export const BARE_PATH = "/bench/webhook-bare";

type Signed = { topic: string; uri: string; body: string; hmac: string };

const ITEMS = [
  { title: "Ethiopia Guji", variant: "250 g", price: "14.50", quantity: 2, productId: 7001 },
  { title: "Pour-over kettle", variant: null, price: "39.00", quantity: 1, productId: 7002 },
];

/** A pool of distinct signed bodies; the load cycles through it, so later rounds are updates. */
export function signedPool(size: number, at: Date, secret = DEMO_SECRET): Signed[] {
  return Array.from({ length: size }, (_, i) => {
    const person = { id: 9_000_000 + i, email: `shopper${i}@bench.example`, first_name: `Shopper ${i}`, last_name: null };
    const isOrder = i % 2 === 1;
    const topic = isOrder ? "orders/create" : "checkouts/create";
    const payload = isOrder
      ? order({ id: 5_000_000 + i, number: 10_000 + i, person, at, items: ITEMS, acceptsMarketing: true })
      : checkout({ token: `bench${i}`, email: person.email, firstName: person.first_name, customer: person, items: ITEMS, at, acceptsMarketing: true });
    const body = JSON.stringify(payload);
    return { topic, uri: uriForTopic(topic), body, hmac: signWebhookBody(body, secret) };
  });
}

export type LoadOptions = {
  url: string;
  pool: Signed[];
  /** Send every request here instead of the topic's webhook route (the bare baseline). */
  path?: string;
  connections: number;
  durationS: number;
  /** Requests per second over all connections; unbounded when absent. */
  overallRate?: number;
  /** Makes webhook ids unique across runs against one database. */
  idPrefix?: string;
};

export type LoadResult = { sent: number; ok: number; non2xx: number; errors: number; timeouts: number; reqPerS: number; p99Ms: number; p50Ms: number };

export async function runWebhookLoad(o: LoadOptions): Promise<LoadResult> {
  const prefix = o.idPrefix ?? randomBytes(4).toString("hex");
  let n = 0;
  const result = await autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.durationS,
    overallRate: o.overallRate,
    timeout: 10,
    requests: [
      {
        method: "POST",
        setupRequest: (req) => {
          const i = n++;
          const s = o.pool[i % o.pool.length];
          const id = `${prefix}-${i}`;
          return {
            ...req,
            method: "POST",
            path: o.path ?? s.uri,
            body: s.body,
            headers: {
              "content-type": "application/json",
              "x-shopify-topic": s.topic,
              "x-shopify-shop-domain": BENCH_SHOP,
              "x-shopify-api-version": "2025-10",
              "x-shopify-webhook-id": id,
              "x-shopify-event-id": id,
              "x-shopify-hmac-sha256": s.hmac,
            },
          };
        },
      },
    ],
  });
  const ok = result["2xx"];
  return {
    sent: result.requests.sent,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    reqPerS: ok / o.durationS,
    p99Ms: result.latency.p99,
    p50Ms: result.latency.p50,
  };
}
