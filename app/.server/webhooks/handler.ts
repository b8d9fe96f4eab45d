import { createHmac, timingSafeEqual } from "node:crypto";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { authenticate } from "~/shopify.server";
import { createEmailTransport } from "~/.server/channels/email/transport";
import { DATA_REQUEST_TOPIC, deliverDataExport, markExportPending } from "~/.server/compliance/data-request";
import { log } from "~/.server/log";
import { receiveWebhook } from "./intake";
import { parseWebhookJson } from "./json";
import { idOf, isRecord } from "./mappers/common";
import { mapCustomerDataRequest } from "./mappers/compliance";
import { topicFromHeader } from "./topics";

function hasValidHmac(body: string, header: string | null, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac("sha256", secret).update(body, "utf8").digest();
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The real dependencies for the webhook routes. */
export async function handleWebhook(request: Request, acceptTopics: string[]): Promise<Response> {
  const raw = request.clone();
  const response = await receiveWebhook(request, {
    db,
    authenticate: async (r) => {
      const context = await authenticate.webhook(r.clone()).catch(async (error: unknown) => {
        if (error instanceof SyntaxError || (error instanceof Response && error.status !== 400)) throw error;
        // The library answers some malformed requests (an empty body) 400 before looking at the signature,
        // and throws a plain Error for a malformed header such as the shop domain: a forgery is 401 either
        // way, a genuine but malformed request 400, never 500.
        throw new Response(null, { status: hasValidHmac(await r.text(), r.headers.get("X-Shopify-Hmac-Sha256"), env().apiSecret) ? 400 : 401 });
      });
      return {
        topic: String(context.topic),
        shop: context.shop,
        webhookId: context.webhookId,
        apiVersion: context.apiVersion,
        triggeredAt: context.triggeredAt,
      };
    },
    now: () => new Date(),
    acceptTopics,
  });
  if (topicFromHeader(request.headers.get("X-Shopify-Topic") ?? "") === DATA_REQUEST_TOPIC) await answerDataRequest(raw, response);
  return response;
}

/** Only a request this delivery just processed is answered; a duplicate was answered the first time. */
async function answerDataRequest(request: Request, response: Response): Promise<void> {
  const webhookId = request.headers.get("X-Shopify-Webhook-Id");
  if (response.status !== 200 || !webhookId) return;
  const answer = (await response.clone().json()) as { outcome?: string };
  if (answer.outcome !== "processed") return;
  const payload = parseWebhookJson(await request.text());
  const mapped = mapCustomerDataRequest(payload, { triggeredAt: null, receivedAt: new Date() });
  const event = mapped.ok ? mapped.events[0] : null;
  if (event?.kind !== "CustomerDataRequested") return;
  const requested = isRecord(payload) && Array.isArray(payload.orders_requested) ? payload.orders_requested : [];
  const subject = {
    customerShopifyId: event.customerShopifyId,
    email: event.email,
    orderShopifyIds: requested.map(idOf).filter((id): id is string => id !== null),
  };
  const config = env();
  const transport = createEmailTransport({ smtpUrl: config.smtpUrl, outboxDir: config.outboxDir });
  try {
    await markExportPending(db, webhookId, subject);
    await deliverDataExport({ db, transport, mailFrom: config.mailFrom, now: () => new Date() }, webhookId, subject);
  } catch (error) {
    // The request stays pending: the compliance job tries again, and Shopify already has its 200.
    log.error({ job: "data-request", webhookId, err: error }, "data export failed");
  } finally {
    transport.close();
  }
}
