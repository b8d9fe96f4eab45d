// Shopify CLI's own offline check of the app: `shopify app build` reads shopify.app.toml,
// shopify.web.toml and every extension's TOML, runs Theme Check on the theme app extension and
// bundles it, and bundles the web pixel (checking its TOML and its size). It exits 0 even when Theme
// Check reports an error, so its report is read too.
//
// The CLI bundles the web pixel with its package, @shopify/web-pixels-extension, which a project
// installs with its dependencies (extensions/web-pixel/package.json names it). Where it is not
// installed, the CLI stops at "Could not resolve" and never exits; the build then runs on a copy that
// gives the extension the package's entry point (its one function, as in Shopify's runtime), so that
// everything else the CLI checks is still checked.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PIXEL_PACKAGE, PIXEL_PACKAGE_STAND_IN } from "~/.server/storefront/pixel-bundle";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SHOPIFY = path.join(ROOT, "node_modules/.bin/shopify");

function appBuild(dir: string): { status: number | null; output: string; errors: string[] } {
  const run = spawnSync(SHOPIFY, ["app", "build", "--path", dir, "--skip-dependencies-installation"], {
    cwd: dir,
    env: { ...process.env, SHOPIFY_CLI_NO_ANALYTICS: "1", CI: "1", NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  const output = `${run.stdout}${run.stderr}`;
  return { status: run.status, output, errors: output.split("\n").filter((l) => /\[error\]|error:/i.test(l)) };
}

const PIXEL = path.join(ROOT, "extensions/web-pixel");

function pixelPackageInstalled(): boolean {
  try {
    createRequire(path.join(PIXEL, "package.json")).resolve(PIXEL_PACKAGE);
    return true;
  } catch {
    return false;
  }
}

/** The files the CLI reads, copied where a test may break them (with the pixel's package where it is missing). */
function scratchCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-cli-"));
  for (const file of ["shopify.app.toml", "shopify.web.toml", "package.json"]) fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  fs.cpSync(path.join(ROOT, "extensions"), path.join(dir, "extensions"), { recursive: true, filter: (src) => !src.includes(`${path.sep}dist`) });
  if (!pixelPackageInstalled()) {
    const pkg = path.join(dir, "extensions/web-pixel/node_modules", PIXEL_PACKAGE);
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: PIXEL_PACKAGE, version: "0.0.0-stand-in", type: "module", main: "index.js" }));
    fs.writeFileSync(path.join(pkg, "index.js"), PIXEL_PACKAGE_STAND_IN);
  }
  return dir;
}

describe("shopify app build (Shopify CLI 3, offline)", () => {
  it("builds the app and its extensions with no error, the web pixel bundled within Shopify's size limit", () => {
    if (!pixelPackageInstalled()) console.log(`${PIXEL_PACKAGE} is not installed: building a copy that stands in for it (npm install it for the real build)`);
    const dir = pixelPackageInstalled() ? ROOT : scratchCopy();
    try {
      const build = appBuild(dir);
      expect(build.errors, build.output).toEqual([]);
      expect(build.status, build.output).toBe(0);
      expect(build.output).toContain("Timing CRM built!");
      const bundle = fs.readFileSync(path.join(dir, "extensions/web-pixel/dist/web-pixel.js"), "utf8");
      expect(bundle).toContain("product_added_to_cart");
      expect(Buffer.byteLength(bundle)).toBeLessThan(128 * 1024);
    } finally {
      if (dir !== ROOT) fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);

  it("reports a broken extension, which is how this test would catch one", () => {
    const dir = scratchCopy();
    try {
      const block = path.join(dir, "extensions/exit-intent/blocks/exit-intent.liquid");
      fs.appendFileSync(block, "\n{% if %}\n");
      const build = appBuild(dir);
      expect(build.errors.join("\n")).toContain("LiquidHTMLSyntaxError");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
