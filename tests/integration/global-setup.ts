// Tests under tests/integration/http/, tests/e2e/ and tests/faults/ run the real built server: build it once, before any worker starts.
// A run limited to other files (e.g. `vitest run tests/unit/x.test.ts`) skips the build.
import { ensureBuilt } from "../../scripts/lib/server-process";

export default async function setup() {
  const files = process.argv.filter((a) => a.endsWith(".ts") && a.includes("tests/"));
  if (files.length > 0 && !files.some((f) => f.includes("/http/") || f.includes("/e2e/") || f.includes("/faults/"))) return;
  ensureBuilt((line) => console.log(line));
}
