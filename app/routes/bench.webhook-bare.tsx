// The benchmark's baseline for webhook intake: the same HMAC check the webhook routes make, and
// nothing else. It exists only under CRM_BENCH=1, so a deployed app answers 404 here.
import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";

const benchEnabled = () => process.env.CRM_BENCH === "1";

export const loader = () => new Response(null, { status: 404 });

export async function action({ request }: ActionFunctionArgs) {
  if (!benchEnabled()) return new Response(null, { status: 404 });
  await authenticate.webhook(request);
  return new Response(null, { status: 200 });
}
