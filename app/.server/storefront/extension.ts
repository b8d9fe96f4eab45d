// The theme app extension's files as Shopify would see them: the block's Liquid and schema, the
// locales, and the assets with a content hash for cache-busting URLs.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const EXTENSION_DIR = path.resolve(process.cwd(), "extensions/exit-intent");

export type SchemaSetting = { type: string; id?: string; default?: unknown; min?: number; max?: number };
export type BlockSchema = { name: string; target: string; settings: SchemaSetting[] };
export type Locale = Record<string, unknown>;

export type Extension = {
  /** The block's Liquid without its `{% schema %}`, which Shopify reads rather than renders. */
  liquid: string;
  schema: BlockSchema;
  locales: { default: Locale; byCode: Record<string, Locale> };
  assets: Map<string, { body: Buffer; hash: string }>;
};

const SCHEMA_TAG = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/;

function readJson(file: string): Locale {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Locale;
}

export function loadExtension(dir: string = EXTENSION_DIR): Extension {
  const source = fs.readFileSync(path.join(dir, "blocks/exit-intent.liquid"), "utf8");
  const match = SCHEMA_TAG.exec(source);
  if (!match) throw new Error("blocks/exit-intent.liquid has no {% schema %}");
  const byCode: Record<string, Locale> = {};
  let fallback: Locale | undefined;
  for (const name of fs.readdirSync(path.join(dir, "locales"))) {
    if (name.endsWith(".schema.json")) continue;
    const [code, isDefault] = name.replace(/\.json$/, "").split(".");
    const locale = readJson(path.join(dir, "locales", name));
    byCode[code] = locale;
    if (isDefault === "default") fallback = locale;
  }
  if (!fallback) throw new Error("the extension has no default locale");
  const assets = new Map<string, { body: Buffer; hash: string }>();
  for (const name of fs.readdirSync(path.join(dir, "assets"))) {
    const body = fs.readFileSync(path.join(dir, "assets", name));
    assets.set(name, { body, hash: crypto.createHash("sha256").update(body).digest("hex").slice(0, 10) });
  }
  return {
    liquid: source.replace(SCHEMA_TAG, ""),
    schema: JSON.parse(match[1]) as BlockSchema,
    locales: { default: fallback, byCode },
    assets,
  };
}

let cached: Extension | undefined;
/** Read once per process in production; re-read in development so edits show on reload. */
export function extension(): Extension {
  if (process.env.NODE_ENV === "production") return (cached ??= loadExtension());
  return loadExtension();
}
