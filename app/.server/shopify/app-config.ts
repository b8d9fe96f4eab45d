// What the app asks of Shopify, each written once. shopify.app.toml is the file Shopify reads at
// deploy (scopes, webhooks, app proxy), so it is the source: the server, the fake Admin API and the
// contract tests read the scopes from it. The API version is this constant; the contract test checks
// that the TOML's `[webhooks] api_version` says the same.
import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";

/**
 * Admin API and webhook payload version. Shopify supports each quarterly version for a year: move on
 * before this one leaves `supported-versions-schema.json` (the contract test says when).
 */
export const API_VERSION = "2026-10";

export const APP_TOML = "shopify.app.toml";

type AppToml = { access_scopes?: { scopes?: unknown }; webhooks?: { api_version?: unknown } };

let cached: { file: string; toml: AppToml } | undefined;

/** The app's shopify.app.toml, read from the project folder (the working directory of every entry point). */
export function readAppToml(root: string = process.cwd()): AppToml {
  const file = path.join(root, APP_TOML);
  if (cached?.file === file) return cached.toml;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`${APP_TOML} not found in ${root}: run the app from the project folder (${e instanceof Error ? e.message : String(e)})`);
  }
  const toml = parse(text) as AppToml;
  cached = { file, toml };
  return toml;
}

/** Splits Shopify's comma-separated scope list. */
export function splitScopes(list: string): string[] {
  return list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The access scopes the app requests: `[access_scopes] scopes` in shopify.app.toml. */
export function appScopes(root?: string): string[] {
  const scopes = readAppToml(root).access_scopes?.scopes;
  if (typeof scopes !== "string") throw new Error(`${APP_TOML}: [access_scopes] scopes is missing`);
  return splitScopes(scopes);
}

/** A write scope grants its read scope (`write_customers` → `read_customers`). */
export function effectiveScopes(granted: Iterable<string>): Set<string> {
  const all = new Set<string>();
  for (const scope of granted) {
    all.add(scope);
    if (scope.startsWith("write_")) all.add(`read_${scope.slice("write_".length)}`);
    // Shopify's unauthenticated_ scopes follow the same rule.
    if (scope.startsWith("unauthenticated_write_")) all.add(`unauthenticated_read_${scope.slice("unauthenticated_write_".length)}`);
  }
  return all;
}
