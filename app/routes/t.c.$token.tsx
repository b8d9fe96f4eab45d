// Every web link in a sent email comes through here: count the click, then on to the shop with UTM tags.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { trackClick } from "~/.server/tracking/track";
import db from "~/db.server";
import { env } from "~/env.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const result = await trackClick(db, params.token, env().apiSecret, new Date());
  if (result.ok) return new Response(null, { status: 302, headers: { Location: result.location, "Cache-Control": "no-store" } });
  // A genuine link that no longer leads where it said (a test send, an unknown URL) still lands the
  // shopper somewhere they expect: the shop's home page, uncounted.
  if (result.storefront) return new Response(null, { status: 302, headers: { Location: result.storefront, "Cache-Control": "no-store" } });
  return new Response("This link is invalid. Open it again from the email, or visit the shop directly.", {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
