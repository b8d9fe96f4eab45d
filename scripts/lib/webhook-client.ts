// Signs and posts a webhook the way Shopify does: base64 HMAC-SHA256 of the raw body with the app secret.
import crypto from "node:crypto";

export type WebhookPost = {
  baseUrl: string;
  uri: string;
  topic: string;
  shop: string;
  body: string;
  secret: string;
  webhookId?: string;
  triggeredAt?: Date;
  apiVersion?: string;
  /** Sign with this secret instead (a forged delivery). */
  forgeWith?: string;
};

export type WebhookAnswer = { status: number; body: string; webhookId: string };

export function signWebhookBody(body: string, secret: string): string {
  return crypto.createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export async function postWebhook(p: WebhookPost): Promise<WebhookAnswer> {
  const webhookId = p.webhookId ?? crypto.randomUUID();
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": p.topic,
    "X-Shopify-Shop-Domain": p.shop,
    "X-Shopify-API-Version": p.apiVersion ?? "2026-10",
    "X-Shopify-Webhook-Id": webhookId,
    "X-Shopify-Event-Id": webhookId,
    "X-Shopify-Hmac-Sha256": signWebhookBody(p.body, p.forgeWith ?? p.secret),
  };
  // Shopify stamps every delivery with the moment its event happened.
  headers["X-Shopify-Triggered-At"] = (p.triggeredAt ?? new Date()).toISOString();
  const response = await fetch(new URL(p.uri, p.baseUrl), { method: "POST", headers, body: p.body });
  return { status: response.status, body: await response.text(), webhookId };
}
