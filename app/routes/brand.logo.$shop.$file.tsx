// A shop's uploaded logo, public because emails show it: only stored logos, by shop and hash, with
// the type they were recognised as. The address changes with the picture, so it is cached for a year.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { readLogo } from "~/.server/brand/logo";
import db from "~/db.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const logo = await readLogo(db, params.shop, params.file);
  if (!logo) return new Response("Not found.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" } });
  return new Response(logo.bytes, {
    status: 200,
    headers: {
      "Content-Type": logo.contentType,
      "Content-Length": String(logo.bytes.byteLength),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
