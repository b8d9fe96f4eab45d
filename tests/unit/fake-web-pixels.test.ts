// The fake Admin API's web pixels keep Shopify's contract: one per app and store, `webPixel` without an
// id answers Shopify's "No web pixel was found" error before the first create, settings must be JSON
// matching the extension's TOML, and both scopes must be granted.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pixelSettings } from "~/.server/pixel/settings";
import { appScopes } from "~/.server/shopify/app-config";
import { createFakeAdminApi } from "~/.server/shopify/fake-admin";
import { settingsProblem } from "~/.server/shopify/fake-web-pixels";

const SHOP = "a.myshopify.com";
const KEY = "k".repeat(32);
const settings = pixelSettings("https://crm.example", KEY);

describe("the fake Admin API's web pixels", () => {
  it("has none before webPixelCreate, then the one created, with the settings given", async () => {
    const admin = createFakeAdminApi();
    expect(await admin.readWebPixel(SHOP)).toEqual({ ok: true, value: null });
    expect(admin.requests.at(-1)?.refused).toEqual([expect.objectContaining({ message: "No web pixel was found for this app." })]);
    const created = await admin.createWebPixel(SHOP, settings);
    expect(created).toEqual({ ok: true, value: { id: "gid://shopify/WebPixel/1", settings } });
    expect(await admin.readWebPixel(SHOP)).toEqual({ ok: true, value: { id: "gid://shopify/WebPixel/1", settings } });
    expect(admin.webPixel(SHOP)).toEqual({ id: "gid://shopify/WebPixel/1", settings });
    expect(await admin.readWebPixel("b.myshopify.com")).toEqual({ ok: true, value: null });
  });

  it("refuses a second pixel for the store (TAKEN) and updates the one it has", async () => {
    const admin = createFakeAdminApi();
    await admin.createWebPixel(SHOP, settings);
    expect(await admin.createWebPixel(SHOP, settings)).toMatchObject({ ok: false, error: { kind: "user_error", code: "TAKEN" } });
    const moved = pixelSettings("https://moved.example", KEY);
    expect(await admin.updateWebPixel(SHOP, "gid://shopify/WebPixel/1", moved)).toEqual({ ok: true, value: { id: "gid://shopify/WebPixel/1", settings: moved } });
    expect(await admin.updateWebPixel(SHOP, "gid://shopify/WebPixel/9", moved)).toMatchObject({ ok: false, error: { kind: "user_error", code: "NOT_FOUND" } });
  });

  it("judges settings by the extension's TOML: every field, no other, each within its validations", async () => {
    const admin = createFakeAdminApi();
    expect(await admin.createWebPixel(SHOP, { endpoint: "https://crm.example/pixel/events" })).toMatchObject({ ok: false, error: { code: "INVALID_SETTINGS" } });
    expect(await admin.createWebPixel(SHOP, { ...settings, accountID: "1" })).toMatchObject({ ok: false, error: { code: "INVALID_SETTINGS" } });
    expect(await admin.createWebPixel(SHOP, { ...settings, pixelKey: "short" })).toMatchObject({ ok: false, error: { code: "INVALID_SETTINGS" } });
    expect(admin.webPixel(SHOP)).toBeNull();
    const definition = { a: { type: "single_line_text_field", validations: [{ name: "regex", value: "^x+$" }] } };
    expect(settingsProblem(definition, { a: "xx" })).toBeNull();
    expect(settingsProblem(definition, { a: "xy" })).toMatch(/does not match/);
    expect(settingsProblem(definition, { a: "x\ny" })).toMatch(/single line/);
  });

  it("refuses a pixel for an app without the extension (NO_EXTENSION)", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "crm-no-pixel-"));
    try {
      const admin = createFakeAdminApi({ webPixelExtensionDir: empty });
      expect(await admin.createWebPixel(SHOP, settings)).toMatchObject({ ok: false, error: { kind: "user_error", code: "NO_EXTENSION" } });
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it("refuses the create without read_customer_events, and every pixel call without write_pixels", async () => {
    const withoutEvents = createFakeAdminApi({ scopes: appScopes().filter((s) => s !== "read_customer_events") });
    expect(await withoutEvents.createWebPixel(SHOP, settings)).toMatchObject({ ok: false, error: { kind: "access_denied", message: expect.stringContaining("read_customer_events") } });
    const withoutPixels = createFakeAdminApi({ scopes: appScopes().filter((s) => s !== "write_pixels") });
    expect(await withoutPixels.readWebPixel(SHOP)).toMatchObject({ ok: false, error: { kind: "access_denied" } });
    expect(await withoutPixels.createWebPixel(SHOP, settings)).toMatchObject({ ok: false, error: { kind: "access_denied" } });
  });
});
