// Compiles server.ts (and the few app modules it imports before the Remix build is loaded) into
// build/server.js, so `npm start` runs plain JavaScript with no TypeScript loader in the process.
// Packages stay external: they are loaded from node_modules as they are.
import { build } from "esbuild";

await build({
  entryPoints: ["server.ts"],
  outfile: "build/server.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
