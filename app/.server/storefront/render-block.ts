// Renders the app embed block the way Shopify's storefront would: Liquid with Shopify-like objects
// and the filters the block uses (asset_url, t, json). Like Shopify, output is not auto-escaped: the
// block itself must escape, which is what this rendering proves.
import { Liquid } from "liquidjs";
import type { Extension, Locale, SchemaSetting } from "./extension";

export const ASSET_BASE = "/demo/storefront/assets";

export type ShopifyObjects = {
  shop: { name: string; permanent_domain: string };
  product: { handle: string; title: string; url: string } | null;
  customer: { id: number | string; email: string | null; first_name: string | null; name: string } | null;
  request: { locale: { iso_code: string } };
};

export type SettingValue = string | number | boolean;

/** Schema defaults, overridden by `overrides` (e.g. query parameters) parsed by each setting's type. */
export function blockSettings(settings: SchemaSetting[], overrides: Record<string, string>): Record<string, SettingValue> {
  const out: Record<string, SettingValue> = {};
  for (const s of settings) {
    if (!s.id) continue;
    const raw = overrides[s.id];
    const fallback = (s.default ?? (s.type === "checkbox" ? false : "")) as SettingValue;
    if (raw === undefined) out[s.id] = fallback;
    else if (s.type === "checkbox") out[s.id] = raw === "1" || raw === "true";
    else if (s.type === "range" || s.type === "number") {
      const n = Number(raw);
      out[s.id] = raw.trim() !== "" && Number.isFinite(n) ? Math.min(Math.max(n, s.min ?? -Infinity), s.max ?? Infinity) : fallback;
    } else out[s.id] = raw;
  }
  return out;
}

/** Shopify's `json` filter: safe inside a <script> element (no `</script>`, no `<!--`). */
export function shopifyJson(value: unknown): string {
  return (JSON.stringify(value ?? null) ?? "null")
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function lookup(locale: Locale, key: string): string | undefined {
  let node: unknown = locale;
  for (const part of key.split(".")) {
    if (!node || typeof node !== "object" || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

export function renderBlock(ext: Extension, objects: ShopifyObjects, settings: Record<string, SettingValue>): string {
  const code = objects.request.locale.iso_code.toLowerCase().split("-")[0];
  const locale = ext.locales.byCode[code] ?? ext.locales.default;
  const liquid = new Liquid({ ownPropertyOnly: true, strictFilters: true, parseLimit: 100_000, renderLimit: 1_000, memoryLimit: 5_000_000 });
  liquid.registerFilter("asset_url", (file: string) => {
    const asset = ext.assets.get(String(file));
    if (!asset) throw new Error(`asset_url: no asset ${file}`);
    return `${ASSET_BASE}/${encodeURIComponent(file)}?v=${asset.hash}`;
  });
  liquid.registerFilter("t", (key: string, ...args: unknown[]) => {
    const text = lookup(locale, key) ?? lookup(ext.locales.default, key);
    if (text === undefined) return `translation missing: ${code}.${key}`;
    const vars = Object.fromEntries(args.filter(Array.isArray) as [string, unknown][]);
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
  });
  liquid.registerFilter("json", shopifyJson);
  return liquid.parseAndRenderSync(ext.liquid, { ...objects, block: { settings } });
}
