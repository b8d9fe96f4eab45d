import { db } from "~/db.server";
import { authenticate } from "~/shopify.server";
import { receiveWebhook } from "./intake";

/** The real dependencies for the webhook routes. */
export function handleWebhook(request: Request, acceptTopics: string[]): Promise<Response> {
  return receiveWebhook(request, {
    db,
    authenticate: async (r) => {
      const context = await authenticate.webhook(r);
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
}
