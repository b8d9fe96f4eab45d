// The app proxy (shopify.app.toml [app_proxy]): the storefront's /apps/crm/<endpoint>, signed by Shopify.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleProxyRequest } from "~/.server/channels/onsite/handler";
import { liveProxyDeps } from "~/.server/channels/onsite/live";

export const loader = async ({ request, params }: LoaderFunctionArgs) => handleProxyRequest(request, params.endpoint, await liveProxyDeps());
export const action = async ({ request, params }: ActionFunctionArgs) => handleProxyRequest(request, params.endpoint, await liveProxyDeps());
