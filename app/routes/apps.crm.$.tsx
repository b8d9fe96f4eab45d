// Demo mode only: the storefront's /apps/crm/* signed like Shopify's app proxy and handled by the proxy route.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { demoProxyRequest } from "~/.server/channels/onsite/demo-proxy";
import { handleProxyRequest } from "~/.server/channels/onsite/handler";
import { liveProxyDeps } from "~/.server/channels/onsite/live";
import { env } from "~/env.server";

async function forward(request: Request, endpoint: string | undefined): Promise<Response> {
  const config = env();
  if (!config.demo) return new Response("Not Found", { status: 404 });
  const deps = await liveProxyDeps();
  const forwarded = await demoProxyRequest(request, endpoint ?? "", config.apiSecret, deps.now());
  return forwarded instanceof Response ? forwarded : handleProxyRequest(forwarded, endpoint, deps);
}

export const loader = ({ request, params }: LoaderFunctionArgs) => forward(request, params["*"]);
export const action = ({ request, params }: ActionFunctionArgs) => forward(request, params["*"]);
