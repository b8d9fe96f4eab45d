// Drives the webhook intake in-process, exactly as the routes do, with an authenticator that checks
// the HMAC and headers the way @shopify/shopify-app-remix does (401 forged, 400 headers missing).
import type { Db } from "~/db.server";
import { applyDelivery } from "~/.server/webhooks/take";
import { receiveWebhook } from "~/.server/webhooks/receive";
import { TOPICS, isTopic, topicsAt } from "~/.server/webhooks/topics";
import { DEMO_SHOP } from "~/.server/shops";
import { fakeWebhookAuthenticator, signWebhookBody } from "../../support/webhooks";

export const SECRET = "fault-test-secret";

const authenticate = fakeWebhookAuthenticator(SECRET);

export type Delivery = { topic: string; body: string; webhookId: string };

export type Answer = { status: number; outcome: string | null; planned: number };

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
  const response = await receiveWebhook(request, { db, authenticate, now: () => now, acceptTopics: topicsAt(uri), log: () => {} });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as { outcome?: string }) : {};
  if (json.outcome !== "received") return { status: response.status, outcome: json.outcome ?? null, planned: 0 };
  // Applied right after the answer, as the server does.
  const applied = await applyDelivery(db, d.webhookId, now);
  return { status: response.status, outcome: applied?.outcome ?? null, planned: applied?.planned ?? 0 };
}
