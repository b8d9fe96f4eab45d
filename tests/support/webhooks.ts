// Shopify's side of a webhook in tests: the one signer (the same function the demo's client uses) and
// one stand-in for the library's authenticator that checks what @shopify/shopify-app-remix checks,
// in the same order: 405 for anything but POST, 400 without its headers, 401 for a bad HMAC, then
// JSON.parse (a SyntaxError for a genuine but broken body).
import crypto from "node:crypto";
import type { WebhookIdentity } from "~/.server/webhooks/receive";

export { signWebhookBody } from "../../scripts/lib/webhook-client";

export function fakeWebhookAuthenticator(secret: string): (request: Request) => Promise<WebhookIdentity> {
  return async (request) => {
    if (request.method !== "POST") throw new Response(null, { status: 405 });
    const h = (name: string) => request.headers.get(name);
    const [hmac, topic, shop, webhookId] = [h("X-Shopify-Hmac-Sha256"), h("X-Shopify-Topic"), h("X-Shopify-Shop-Domain"), h("X-Shopify-Webhook-Id")];
    if (!hmac || !topic || !shop || !webhookId) throw new Response(null, { status: 400 });
    const body = await request.text();
    const expected = crypto.createHmac("sha256", secret).update(body, "utf8").digest();
    const given = Buffer.from(hmac, "base64");
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw new Response(null, { status: 401 });
    JSON.parse(body);
    return { topic: topic.toUpperCase().replace("/", "_"), shop, webhookId, apiVersion: h("X-Shopify-API-Version") ?? undefined, triggeredAt: h("X-Shopify-Triggered-At") ?? undefined };
  };
}
