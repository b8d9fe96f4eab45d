// Drives the webhook intake in-process, exactly as the routes do, with an authenticator that checks
// the HMAC and headers the way @shopify/shopify-app-remix does (401 forged, 400 headers missing).
import crypto from "node:crypto";
import type { Db } from "~/db.server";
import { applyDelivery } from "~/.server/webhooks/apply-received";
import { receiveWebhook, type WebhookIdentity } from "~/.server/webhooks/intake";
import { TOPICS, isTopic } from "~/.server/webhooks/topics";
import { DEMO_SHOP } from "~/.server/shops";
import { signWebhookBody } from "../../../scripts/lib/webhook-client";

export const SECRET = "fault-test-secret";

async function authenticate(request: Request): Promise<WebhookIdentity> {
  const h = (name: string) => request.headers.get(name);
  const [hmac, topic, shop, webhookId] = [h("X-Shopify-Hmac-Sha256"), h("X-Shopify-Topic"), h("X-Shopify-Shop-Domain"), h("X-Shopify-Webhook-Id")];
  if (!hmac || !topic || !shop || !webhookId) throw new Response(null, { status: 400 });
  const body = await request.text();
  const expected = crypto.createHmac("sha256", SECRET).update(body, "utf8").digest();
  const given = Buffer.from(hmac, "base64");
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw new Response(null, { status: 401 });
  JSON.parse(body);
  return { topic: topic.toUpperCase().replace("/", "_"), shop, webhookId, triggeredAt: h("X-Shopify-Triggered-At") ?? undefined };
}

export type Delivery = { topic: string; body: string; webhookId: string };

export type Answer = { status: number; outcome: string | null; planned: number };

/** The topics each webhook address accepts, from the same table the routes use. */
function acceptedAt(uri: string): string[] {
  return Object.entries(TOPICS).flatMap(([topic, route]) => (route.uri === uri ? [topic] : []));
}

export async function deliver(db: Db, d: Delivery, now: Date): Promise<Answer> {
  if (!isTopic(d.topic)) throw new Error(`unknown topic ${d.topic}`);
  const uri = TOPICS[d.topic].uri;
  const request = new Request(new URL(uri, "https://app.example"), {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": d.topic,
      "X-Shopify-Shop-Domain": DEMO_SHOP,
      "X-Shopify-API-Version": "2025-10",
      "X-Shopify-Webhook-Id": d.webhookId,
      "X-Shopify-Hmac-Sha256": signWebhookBody(d.body, SECRET),
    },
    body: d.body,
  });
  const response = await receiveWebhook(request, { db, authenticate, now: () => now, acceptTopics: acceptedAt(uri), log: () => {} });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as { outcome?: string }) : {};
  if (json.outcome !== "received") return { status: response.status, outcome: json.outcome ?? null, planned: 0 };
  // Applied right after the answer, as the server does.
  const applied = await applyDelivery(db, d.webhookId, now);
  return { status: response.status, outcome: applied?.outcome ?? null, planned: applied?.planned ?? 0 };
}
