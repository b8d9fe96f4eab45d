// Shopify CLI's own offline check of the app: `shopify app build` reads shopify.app.toml,
// shopify.web.toml and every extension's TOML, runs Theme Check on the theme app extension and
// bundles it. It exits 0 even when Theme Check reports an error, so its report is read too.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

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

/** The files the CLI reads, copied where a test may break them. */
function scratchCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-cli-"));
  for (const file of ["shopify.app.toml", "shopify.web.toml", "package.json"]) fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  fs.cpSync(path.join(ROOT, "extensions"), path.join(dir, "extensions"), { recursive: true });
  return dir;
}

describe("shopify app build (Shopify CLI 3, offline)", () => {
  it("builds the app and its extensions with no error", () => {
    const build = appBuild(ROOT);
    expect(build.errors, build.output).toEqual([]);
    expect(build.status, build.output).toBe(0);
    expect(build.output).toContain("Timing CRM built!");
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
