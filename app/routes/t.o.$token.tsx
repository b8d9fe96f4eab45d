// The open pixel in every sent email: a 1×1 GIF, never cached, counted once per message.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { trackOpen } from "~/.server/tracking/track";
import db from "~/db.server";
import { env } from "~/env.server";

const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

export async function loader({ params }: LoaderFunctionArgs) {
  const result = await trackOpen(db, params.token, env().apiSecret, new Date());
  if (!result.ok) return new Response("Invalid tracking link.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  return new Response(GIF, { status: 200, headers: { "Content-Type": "image/gif", "Content-Length": String(GIF.length), "Cache-Control": "no-store" } });
}
