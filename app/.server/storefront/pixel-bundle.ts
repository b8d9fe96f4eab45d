// The web pixel as the demo storefront and the tests run it: extensions/web-pixel/src/index.ts bundled
// by esbuild, as Shopify CLI bundles it, with @shopify/web-pixels-extension standing in as what it is in
// Shopify's sandbox: `register` hands the pixel's function to `shopify.extend("WebPixel::Render", …)`.
// Whoever runs the bundle provides that `shopify` global and calls the function with the pixel's API.
import fs from "node:fs";
import path from "node:path";

export const PIXEL_DIR = path.resolve(process.cwd(), "extensions/web-pixel");
export const PIXEL_PACKAGE = "@shopify/web-pixels-extension";

/** The package's entry point, which is all of it at run time. */
export const PIXEL_PACKAGE_STAND_IN = `export const register = (extend) => shopify.extend("WebPixel::Render", extend);\n`;

let cached: { mtimeMs: number; code: Promise<string> } | undefined;

/** The pixel as one script (an IIFE); rebuilt when its source changes. esbuild is loaded only here (demo and tests). */
export function bundlePixel(dir: string = PIXEL_DIR): Promise<string> {
  const entry = path.join(dir, "src/index.ts");
  const mtimeMs = fs.statSync(entry).mtimeMs;
  if (cached && cached.mtimeMs === mtimeMs && dir === PIXEL_DIR) return cached.code;
  const code = (async () => {
    const esbuild = await import("esbuild");
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: "iife",
      target: "es2019",
      logLevel: "silent",
      plugins: [
        {
          name: "web-pixels-extension",
          setup(build) {
            build.onResolve({ filter: /^@shopify\/web-pixels-extension$/ }, () => ({ path: PIXEL_PACKAGE, namespace: "stand-in" }));
            build.onLoad({ filter: /.*/, namespace: "stand-in" }, () => ({ contents: PIXEL_PACKAGE_STAND_IN, loader: "js" }));
          },
        },
      ],
    });
    return result.outputFiles[0].text;
  })();
  if (dir === PIXEL_DIR) {
    cached = { mtimeMs, code };
    code.catch(() => (cached = undefined));
  }
  return code;
}
