// The app's web pixel on a store (extensions/web-pixel). Shopify loads it on the storefront only once
// the app has created its record (webPixelCreate) with settings that match the extension's TOML; a
// store holds at most one per app, read with `webPixel` (no id: this app's) and changed with
// webPixelUpdate. Scopes: write_pixels, and read_customer_events besides.
import type { AdminError, AdminResult, AdminCall } from "./admin-api";

type Call = AdminCall;

export const WEB_PIXEL = `#graphql
query CrmWebPixel {
  webPixel { id settings }
}`;

export const WEB_PIXEL_CREATE = `#graphql
mutation CrmWebPixelCreate($webPixel: WebPixelInput!) {
  webPixelCreate(webPixel: $webPixel) {
    webPixel { id settings }
    userErrors { field code message }
  }
}`;

export const WEB_PIXEL_UPDATE = `#graphql
mutation CrmWebPixelUpdate($id: ID!, $webPixel: WebPixelInput!) {
  webPixelUpdate(id: $id, webPixel: $webPixel) {
    webPixel { id settings }
    userErrors { field code message }
  }
}`;

/** The pixel's settings as the extension's TOML declares them: every value a string. */
export type WebPixelSettings = Record<string, string>;

export type WebPixelView = { id: string; settings: Record<string, unknown> | null };

/** Shopify answers `webPixel` for an app without one with this error, and no data. */
const NO_PIXEL = /no web pixel was found/i;

/** Shopify holds settings as JSON and answers with them as a JSON string (or, from some clients, the object). */
function settingsOf(value: unknown): Record<string, unknown> | null {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return null;
    }
  }
  return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
}

function viewOf(node: { id?: unknown; settings?: unknown } | null | undefined): WebPixelView | null {
  return node && typeof node.id === "string" && node.id ? { id: node.id, settings: settingsOf(node.settings) } : null;
}

/** This app's pixel on the store, or null when it has none yet. */
export async function readWebPixel(call: Call): Promise<AdminResult<WebPixelView | null>> {
  const result = await call(WEB_PIXEL, {});
  if (!result.ok) return "message" in result.error && NO_PIXEL.test(result.error.message) ? { ok: true, value: null } : result;
  return { ok: true, value: viewOf((result.value as { webPixel?: { id?: unknown; settings?: unknown } | null } | undefined)?.webPixel) };
}

type Payload = { webPixel?: { id?: unknown; settings?: unknown } | null; userErrors?: { field?: string[] | null; code?: string | null; message: string }[] } | null | undefined;

function pixelOf(payload: Payload): AdminResult<WebPixelView> {
  const userError = payload?.userErrors?.[0];
  if (userError) return { ok: false, error: { kind: "user_error", message: userError.message, field: userError.field ?? null, code: userError.code ?? null } };
  const view = viewOf(payload?.webPixel);
  if (!view) return { ok: false, error: { kind: "network", message: "Shopify returned no web pixel and no error" } };
  return { ok: true, value: view };
}

/** Settings travel as a JSON string, as Shopify's examples send them. */
export async function createWebPixel(call: Call, settings: WebPixelSettings): Promise<AdminResult<WebPixelView>> {
  const result = await call(WEB_PIXEL_CREATE, { webPixel: { settings: JSON.stringify(settings) } });
  if (!result.ok) return result;
  return pixelOf((result.value as { webPixelCreate?: Payload } | undefined)?.webPixelCreate);
}

export async function updateWebPixel(call: Call, id: string, settings: WebPixelSettings): Promise<AdminResult<WebPixelView>> {
  const result = await call(WEB_PIXEL_UPDATE, { id, webPixel: { settings: JSON.stringify(settings) } });
  if (!result.ok) return result;
  return pixelOf((result.value as { webPixelUpdate?: Payload } | undefined)?.webPixelUpdate);
}

/**
 * Which refusals a later attempt can get past: the extension not deployed yet (NO_EXTENSION: `shopify
 * app deploy`), a pixel created meanwhile by another attempt (TAKEN: read it and update), Shopify's own
 * hiccup. Settings Shopify refuses stay refused until the app or its TOML changes.
 */
export function isRetryablePixelError(error: AdminError): boolean {
  if (error.kind !== "user_error") return error.kind !== "not_found";
  return error.code === "NO_EXTENSION" || error.code === "TAKEN" || error.code === "UNEXPECTED_ERROR";
}
