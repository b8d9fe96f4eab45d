// Production entry: validate env → apply migrations → serve the built Remix app → run the dispatcher.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { EnvError, parseEnv } from "./app/env.server";
import type * as ServerEntry from "./app/entry.server";

function loadEnvOrExit() {
  try {
    return parseEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * SQLite: `migrate deploy` fails while another process has the file open (a running instance), so a
 * second process skips it when every migration is already applied.
 */
async function sqliteUpToDate(): Promise<boolean> {
  const { databaseKind, databaseUrl, schemaFolder } = await import("./app/database-url");
  const url = databaseUrl();
  if (databaseKind(url) !== "sqlite" || !fs.existsSync(url.slice("file:".length))) return false;
  const dir = path.join(schemaFolder(url), "migrations");
  const wanted = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, "migration.sql")));
  const { default: Database } = await import("better-sqlite3");
  const conn = new Database(url.slice("file:".length), { readonly: true });
  try {
    const table = conn.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
    if (!table) return false;
    const rows = conn.prepare(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as { migration_name: string }[];
    const applied = new Set(rows.map((r) => r.migration_name));
    return wanted.every((name) => applied.has(name));
  } finally {
    conn.close();
  }
}

async function migrate() {
  if (await sqliteUpToDate()) return;
  const prisma = path.resolve("node_modules/.bin/prisma");
  const result = spawnSync(prisma, ["migrate", "deploy"], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (result.status !== 0) {
    console.error(`database migration failed:\n${result.stdout}\n${result.stderr}`);
    process.exit(1);
  }
}

async function main() {
  const config = loadEnvOrExit();
  const buildFile = path.resolve("build/server/index.js");
  if (!fs.existsSync(buildFile)) {
    console.error("No build found at build/server/index.js: run `npm run build` first.");
    process.exit(1);
  }
  await migrate();

  // require() rather than import() (Node ≥ 20.19 requires ES modules): under `--import tsx` an import
  // passes the build and every dependency through tsx's loader hooks, which keeps ~70 MB more resident.
  const build = createRequire(import.meta.url)(buildFile) as ServerBuild;
  // The build's copy of the app's server code (app/entry.server.tsx re-exports it): importing ./app
  // here too would load every module, the Prisma client and the logger a second time.
  const { db, prepareDatabase, installDemoShop, checkHealth, createRuntime, startDispatcher, startComplianceJobs, log, requestIdFrom, withRequestId } =
    build.entry.module as unknown as typeof ServerEntry;
  await prepareDatabase(db);
  if (config.demo) await installDemoShop(db, new Date());

  const app = express();
  app.disable("x-powered-by");
  // Request ids: every log line written while serving a request carries it, and the caller sees it.
  app.use((req, res, next) => {
    const requestId = requestIdFrom(req.get("X-Request-Id"));
    res.setHeader("X-Request-Id", requestId);
    withRequestId(requestId, next);
  });
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
  let dispatcher: ServerEntry.Dispatcher | null = null;
  // 503 when the database cannot be reached, so a load balancer stops routing to this instance.
  app.get("/healthz", async (_req, res) => {
    const health = await checkHealth(db, dispatcher?.status() ?? null, new Date());
    res.status(health.ok ? 200 : 503).json(health);
  });
  app.all("*", createRequestHandler({ build, mode: config.nodeEnv === "production" ? "production" : "development" }));

  const server = app.listen(config.port, "0.0.0.0", () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    log.info(`listening on http://localhost:${port}${config.demo ? " (demo mode)" : ""}`);
  });

  let runtime: { close(): void } | null = null;
  if (config.dispatch) {
    const rt = await createRuntime(config, db, { log: (line) => log.info({ job: "dispatch" }, line) });
    runtime = rt;
    dispatcher = startDispatcher(rt.deps, { cron: config.dispatchCron });
    log.info(`dispatcher: started (schedule "${config.dispatchCron}")`);
  }

  // Stored webhooks that no process applied (it crashed, or runs with CRM_WEBHOOK_APPLY=background).
  let applier: { stop(): Promise<void> } | null = null;
  if (config.dispatch) {
    const { createWebhookApplier, SWEEP_MS } = await import("./app/.server/webhooks/apply-runtime");
    const sweeping = createWebhookApplier(db, config);
    sweeping.sweepEvery(SWEEP_MS);
    applier = sweeping;
  }

  let compliance: { stop(): Promise<void> } | null = null;
  if (config.dispatch) {
    compliance = startComplianceJobs({ db, config });
    log.info("compliance: data exports retried every 5 minutes, old message bodies purged daily");
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // The dispatcher first: it finishes the send in hand, hands back unstarted claims, releases its lock.
    log.info(`${signal}: finishing in-flight work`);
    await dispatcher?.stop();
    await applier?.stop();
    await compliance?.stop();
    runtime?.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await db.$disconnect();
    log.info(`${signal}: stopped`);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
