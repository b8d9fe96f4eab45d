import { createHmac, timingSafeEqual } from "node:crypto";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { authenticate } from "~/shopify.server";
import { processApplier } from "./worker";
import { receiveWebhook } from "./receive";
import { topicsAt } from "./topics";

function hasValidHmac(body: string, header: string | null, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac("sha256", secret).update(body, "utf8").digest();
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}


/** This process applies what it stored, unless CRM_WEBHOOK_APPLY=background leaves it to the jobs instances. */
function applyAfterAnswer(): (() => void) | undefined {
  const config = env();
  if (config.webhookApply !== "inline") return undefined;
  const running = processApplier(db, config);
  return () => running.kick();
}

/** The real dependencies for the webhook routes; a route accepts the topics the topic table delivers to its address. */
export async function handleWebhook(request: Request, uri: string): Promise<Response> {
  const acceptTopics = topicsAt(uri);
  if (acceptTopics.length === 0) throw new Error(`no webhook topic is delivered to ${uri}`);
  return receiveWebhook(request, {
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
    onReceived: applyAfterAnswer(),
  });
}
