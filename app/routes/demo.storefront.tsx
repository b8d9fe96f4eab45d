// Demo mode's product page with the real exit-intent embed block and the app's web pixel, so the
// storefront loop runs without a store. `?customer=<id>` signs a customer in (an empty value signs
// out), `?embed=0` leaves the block out, `?lang=ko`, `?consent=0` (no consent: no pixel either), and
// block settings by id (e.g. `?headline=`).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { demoStorefrontPage } from "~/.server/storefront/demo-route";
import { env } from "~/env.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (!env().demo) throw new Response("Not found", { status: 404 });
  return demoStorefrontPage(request);
}
