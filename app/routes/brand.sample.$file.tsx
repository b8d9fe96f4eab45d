// The sample products' pictures, for test sends: a real inbox blocks the inline pictures previews use,
// so a test send points here. Only the known names; drawn once per process.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { samplePicture } from "~/.server/brand/png";
import { SAMPLE_PICTURES, type SamplePicture } from "~/.server/channels/email/sample-products";

const drawn = new Map<SamplePicture, Buffer>();

export async function loader({ params }: LoaderFunctionArgs) {
  const name = /^([a-z]+)\.png$/.exec(params.file ?? "")?.[1];
  if (!name || !Object.hasOwn(SAMPLE_PICTURES, name)) {
    return new Response("Not found.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" } });
  }
  const key = name as SamplePicture;
  let bytes = drawn.get(key);
  if (!bytes) drawn.set(key, (bytes = samplePicture(SAMPLE_PICTURES[key])));
  return new Response(new Uint8Array(bytes), {
    headers: { "Content-Type": "image/png", "Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox" },
  });
}
