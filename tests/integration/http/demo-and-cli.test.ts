// `npm run demo` is the main job on a fresh machine; the `crm` commands are a contract other tools use.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../../scripts/lib/server-process";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-demo-"));
const env = { ...process.env, CRM_DEMO: "1", CRM_DEMO_DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, "demo.db")}`, CRM_OUTBOX_DIR: path.join(dir, "demo-outbox") };
const tsx = path.join(ROOT, "node_modules/.bin/tsx");
const run = (script: string, args: string[] = []) => spawnSync(tsx, [script, ...args], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });
const crm = (...args: string[]) => run("scripts/crm.ts", args);

let demo: ReturnType<typeof run>;
beforeAll(() => {
  demo = run("scripts/demo.ts");
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("npm run demo", () => {
  it("runs the story to the end and prints a timeline with reasons", () => {
    expect(demo.stderr).not.toMatch(/Error/);
    expect(demo.status).toBe(0);
    expect(demo.stdout).toMatch(/\[5\/5\] outcome/);
    expect(demo.stdout).toMatch(/SKIPPED\s+welcome#0 → jordan@example.com — not_first_time_buyer/);
    expect(demo.stdout).toMatch(/→ 401/);
    expect(demo.stdout).toMatch(/duplicate/);
  });

  it("leaves an email for each email scenario in the outbox, and the two-yearly consent notice", () => {
    const outbox = JSON.parse(crm("outbox", "--json").stdout) as { to: string; subject: string; scenario: string; file: string }[];
    expect(new Set(outbox.map((m) => m.scenario))).toEqual(new Set(["welcome", "cart-recovery", "coupon-expiry", "post-delivery", "second-order", "win-back", "consent-notice", "browse-abandonment", "cart-abandonment"]));
    for (const mail of outbox) expect(fs.existsSync(mail.file)).toBe(true);
  });
});

describe("crm commands", () => {
  it("messages --json lists every planned message with status and reason", () => {
    const result = crm("messages", "--json");
    expect(result.status).toBe(0);
    const messages = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(messages.length).toBeGreaterThan(5);
    for (const m of messages) {
      expect(m).toEqual(expect.objectContaining({ scenario: expect.any(String), step: expect.any(Number), status: expect.stringMatching(/^(planned|deferred|sent|skipped|failed)$/), runAt: expect.any(String) }));
      if (m.status === "skipped") expect(m.reason).toEqual(expect.any(String));
    }
  });

  it("dispatch --now runs one pass and refuses a malformed instant", () => {
    const pass = crm("dispatch", "--now", "2026-12-31T00:00:00Z", "--json");
    expect(pass.status).toBe(0);
    expect(JSON.parse(pass.stdout)).toEqual(expect.objectContaining({ outcomes: expect.any(Array) }));
    const bad = crm("dispatch", "--now", "tomorrow");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/ISO-8601/);
  });

  it("replay refuses a topic the app does not subscribe to", () => {
    const file = path.join(dir, "cart.json");
    fs.writeFileSync(file, "{}");
    const result = crm("replay", file, "--topic", "carts/create");
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown topic "carts\/create"/);
  });
});
