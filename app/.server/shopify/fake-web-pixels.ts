// The fake Admin API's web pixels, as Shopify keeps them: at most one per app and store, created only
// for an extension the app has (its shopify.extension.toml, type "web_pixel_extension"), with settings
// that must be JSON and match the TOML's [settings] definition: every declared field, no other, each a
// string within its validations. What Shopify would refuse comes back as its user errors.
import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";

export const WEB_PIXEL_EXTENSION_DIR = path.resolve(process.cwd(), "extensions/web-pixel");

type FieldDefinition = { type?: unknown; validations?: { name?: unknown; value?: unknown }[] };
type ExtensionToml = { type?: unknown; settings?: { fields?: Record<string, FieldDefinition> } };

export type FakeWebPixel = { id: string; settings: Record<string, unknown> };
type UserError = { field: string[] | null; code: string; message: string };
type Answer = { webPixel: { id: string; settings: string } | null; userErrors: UserError[] };

function readDefinition(dir: string): Record<string, FieldDefinition> | null {
  let toml: ExtensionToml;
  try {
    toml = parse(fs.readFileSync(path.join(dir, "shopify.extension.toml"), "utf8")) as ExtensionToml;
  } catch {
    return null;
  }
  return toml.type === "web_pixel_extension" ? (toml.settings?.fields ?? {}) : null;
}

/** Why these settings do not match the definition, or null when they do. */
export function settingsProblem(definition: Record<string, FieldDefinition>, settings: Record<string, unknown>): string | null {
  for (const name of Object.keys(settings)) if (!Object.hasOwn(definition, name)) return `${name} is not a setting of this pixel`;
  for (const [name, field] of Object.entries(definition)) {
    const value = settings[name];
    if (typeof value !== "string") return `${name} is missing or not text`;
    if (field.type !== "single_line_text_field" && field.type !== "multi_line_text_field") continue;
    if (field.type === "single_line_text_field" && /[\r\n]/.test(value)) return `${name} must be a single line`;
    for (const rule of field.validations ?? []) {
      const limit = Number(rule.value);
      if (rule.name === "min" && value.length < limit) return `${name} is shorter than ${limit} characters`;
      if (rule.name === "max" && value.length > limit) return `${name} is longer than ${limit} characters`;
      if (rule.name === "regex" && typeof rule.value === "string" && !new RegExp(rule.value).test(value)) return `${name} does not match ${rule.value}`;
    }
  }
  return null;
}

export type FakeWebPixels = {
  get(shop: string): FakeWebPixel | null;
  /** `webPixel`: by id, or without one the app's pixel on the store; null when there is none. */
  find(shop: string, id: string | undefined): FakeWebPixel | null;
  create(shop: string, settings: unknown): Answer;
  update(shop: string, id: string, settings: unknown): Answer;
};

export function createFakeWebPixels(extensionDir: string = WEB_PIXEL_EXTENSION_DIR): FakeWebPixels {
  const byShop = new Map<string, FakeWebPixel>();
  let next = 1;
  const refused = (code: string, message: string, field: string[] | null = ["webPixel", "settings"]): Answer => ({ webPixel: null, userErrors: [{ field, code, message }] });
  const answer = (pixel: FakeWebPixel): Answer => ({ webPixel: { id: pixel.id, settings: JSON.stringify(pixel.settings) }, userErrors: [] });

  /** The settings as Shopify reads them, or its refusal. */
  const checked = (raw: unknown): { ok: true; settings: Record<string, unknown> } | { ok: false; answer: Answer } => {
    const definition = readDefinition(extensionDir);
    if (!definition) return { ok: false, answer: refused("NO_EXTENSION", "No extension found.", null) };
    let settings = raw;
    if (typeof raw === "string") {
      try {
        settings = JSON.parse(raw);
      } catch {
        return { ok: false, answer: refused("INVALID_CONFIGURATION_JSON", "The provided settings is not a valid JSON.") };
      }
    }
    if (settings === null || typeof settings !== "object" || Array.isArray(settings)) {
      return { ok: false, answer: refused("INVALID_CONFIGURATION_JSON", "The provided settings is not a valid JSON.") };
    }
    const problem = settingsProblem(definition, settings as Record<string, unknown>);
    if (problem) return { ok: false, answer: refused("INVALID_SETTINGS", `The provided settings does not match the expected settings definition on the app: ${problem}.`) };
    return { ok: true, settings: settings as Record<string, unknown> };
  };

  return {
    get: (shop) => (byShop.has(shop) ? { ...byShop.get(shop)!, settings: { ...byShop.get(shop)!.settings } } : null),
    find(shop, id) {
      const pixel = byShop.get(shop) ?? null;
      return id === undefined || pixel?.id === id ? pixel : null;
    },
    create(shop, raw) {
      if (byShop.has(shop)) return refused("TAKEN", "The input value is already taken.", null);
      const settings = checked(raw);
      if (!settings.ok) return settings.answer;
      const pixel = { id: `gid://shopify/WebPixel/${next++}`, settings: settings.settings };
      byShop.set(shop, pixel);
      return answer(pixel);
    },
    update(shop, id, raw) {
      const pixel = byShop.get(shop);
      if (!pixel || pixel.id !== id) return refused("NOT_FOUND", "The record with the ID used as the input value couldn't be found.", ["id"]);
      const settings = checked(raw);
      if (!settings.ok) return settings.answer;
      pixel.settings = settings.settings;
      return answer(pixel);
    },
  };
}
