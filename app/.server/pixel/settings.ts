// What the app tells Shopify about its pixel on a store (the settings extensions/web-pixel's TOML
// declares): where the events go, and the store's pixel key.
import { randomBytes } from "node:crypto";
import type { WebPixelSettings } from "~/.server/shopify/web-pixel";

/** The public endpoint the pixel posts to (app/routes/pixel.events.tsx). */
export const PIXEL_EVENTS_PATH = "/pixel/events";

export function pixelEndpoint(appUrl: string): string {
  return `${appUrl.replace(/\/+$/, "")}${PIXEL_EVENTS_PATH}`;
}

export function pixelSettings(appUrl: string, key: string): WebPixelSettings {
  return { endpoint: pixelEndpoint(appUrl), pixelKey: key };
}

/**
 * A store's pixel key: 192 random bits. Every visitor's browser receives it with the pixel, so it is no
 * secret; it only stops posts that do not know which store they claim to be.
 */
export function newPixelKey(): string {
  return randomBytes(24).toString("base64url");
}

/** Whether the pixel on the store already carries these settings (nothing to update). */
export function sameSettings(held: Record<string, unknown> | null, wanted: WebPixelSettings): boolean {
  if (!held) return false;
  const keys = Object.keys(wanted);
  return Object.keys(held).length === keys.length && keys.every((k) => held[k] === wanted[k]);
}
