// The extension's assets/ as Shopify's CDN would serve them to the demo page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { demoAsset } from "~/.server/storefront/demo-route";
import { env } from "~/env.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  if (!env().demo) throw new Response("Not found", { status: 404 });
  return demoAsset(request, params.file ?? "");
}
