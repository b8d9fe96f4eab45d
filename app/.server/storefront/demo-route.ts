// Request → response for the demo storefront: the customer cookie, the page, and its assets (the
// theme extension's, and the web pixel).
import crypto from "node:crypto";
import zlib from "node:zlib";
import { pixelSettings } from "~/.server/pixel/settings";
import { DEMO_SHOP } from "~/.server/shops";
import db from "~/db.server";
import { extension } from "./extension";
import { renderDemoPage } from "./demo-page";
import { PIXEL_ASSET } from "./demo-pixel";
import { bundlePixel } from "./pixel-bundle";

/** Read by the demo app-proxy route, which signs it in as `logged_in_customer_id`. */
export const CUSTOMER_COOKIE = "demo_customer";

function cookie(request: Request, name: string): string | null {
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

export async function demoStorefrontPage(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const query = Object.fromEntries(url.searchParams);
  const headers = new Headers({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  let customerId = cookie(request, CUSTOMER_COOKIE) || null;
  if (url.searchParams.has("customer")) {
    customerId = url.searchParams.get("customer")!.trim() || null;
    if (customerId && !/^[\w-]{1,64}$/.test(customerId)) return new Response("customer must be a Shopify customer id", { status: 400 });
    headers.append(
      "Set-Cookie",
      customerId ? `${CUSTOMER_COOKIE}=${encodeURIComponent(customerId)}; Path=/; HttpOnly; SameSite=Lax` : `${CUSTOMER_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
    );
  }
  const customer = customerId ? await db.customer.findUnique({ where: { shop_shopifyId: { shop: DEMO_SHOP, shopifyId: customerId } } }) : null;
  // The app serves this page itself, so the app's address is the page's: the pixel posts back to it.
  const pixelRow = await db.shopPixel.findUnique({ where: { shop: DEMO_SHOP }, select: { key: true } });
  const pixel = pixelRow ? pixelSettings(url.origin, pixelRow.key) : null;
  const html = renderDemoPage(
    { embed: query.embed !== "0", lang: query.lang === "ko" ? "ko" : "en", consent: query.consent !== "0", customerId, query, pixel },
    customer,
  );
  return new Response(html, { headers });
}

const TYPES: Record<string, string> = { js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8", json: "application/json" };
const gzipped = new Map<string, Buffer>();

/** The web pixel, bundled as Shopify CLI bundles it (see pixel-bundle.ts). */
async function pixelAsset(): Promise<{ body: Buffer; hash: string }> {
  const body = Buffer.from(await bundlePixel());
  return { body, hash: crypto.createHash("sha256").update(body).digest("hex").slice(0, 10) };
}

export async function demoAsset(request: Request, file: string): Promise<Response> {
  const asset = file === PIXEL_ASSET ? await pixelAsset() : extension().assets.get(file);
  const type = TYPES[file.split(".").pop() ?? ""];
  if (!asset || !type) return new Response("Not found", { status: 404 });
  const versioned = new URL(request.url).searchParams.get("v") === asset.hash;
  const headers = new Headers({
    "Content-Type": type,
    "Cache-Control": versioned ? "public, max-age=31536000, immutable" : "public, max-age=300",
    ETag: `"${asset.hash}"`,
    Vary: "Accept-Encoding",
  });
  if (request.headers.get("If-None-Match") === `"${asset.hash}"`) return new Response(null, { status: 304, headers });
  if (/\bgzip\b/.test(request.headers.get("Accept-Encoding") ?? "")) {
    const key = `${file}:${asset.hash}`;
    if (!gzipped.has(key)) gzipped.set(key, zlib.gzipSync(asset.body, { level: 9 }));
    headers.set("Content-Encoding", "gzip");
    return new Response(new Uint8Array(gzipped.get(key)!), { headers });
  }
  return new Response(new Uint8Array(asset.body), { headers });
}
