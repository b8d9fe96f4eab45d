import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Four projects by what a test costs: `vitest run --project unit` (pure, milliseconds), integration
// (a real database, SMTP server or built server), e2e (Chromium), faults (full-size fault runs).
const project = (name: string) => ({ extends: true as const, test: { name, include: [`tests/${name}/**/*.test.ts`] } });

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [project("unit"), project("integration"), project("e2e"), project("faults")],
    globalSetup: ["tests/integration/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: "forks",
    reporters: ["default", "./tests/support/summary-reporter.ts"],
  },
});
