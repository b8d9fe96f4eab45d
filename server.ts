// Production entry: validate env → apply migrations → serve the built Remix app → run the dispatcher.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { migrateDatabase } from "./app/database-migrate";
import { bodyLimitFor } from "./app/.server/http/body-limit";
import { CLIENT_IP_HEADER } from "./app/.server/http/client-ip";
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

async function main() {
  // `npm start` is production unless told otherwise; demo mode needs NODE_ENV=development or test, set explicitly.
  process.env.NODE_ENV ||= "production";
  const config = loadEnvOrExit();
  const buildFile = path.resolve("build/server/index.js");
  if (!fs.existsSync(buildFile)) {
    console.error("No build found at build/server/index.js: run `npm run build` first.");
    process.exit(1);
  }
  const migrated = await migrateDatabase();
  if (!migrated.ok) {
    console.error(migrated.error);
    process.exit(1);
  }

  // require() rather than import() (Node ≥ 20.19 requires ES modules): under `--import tsx` an import
  // passes the build and every dependency through tsx's loader hooks, which keeps ~70 MB more resident.
  const build = createRequire(import.meta.url)(buildFile) as ServerBuild;
  // The build's copy of the app's server code (app/entry.server.tsx re-exports it): importing ./app
  // here too would load every module, the Prisma client and the logger a second time.
  const { db, prepareDatabase, installDemoShop, checkHealth, createRuntime, startDispatcher, startComplianceJobs, processApplier, SWEEP_MS, log, requestIdFrom, withRequestId } =
    build.entry.module as unknown as typeof ServerEntry;
  await prepareDatabase(db);
  for (const note of config.deprecations) log.warn(note);
  if (config.demo) await installDemoShop(db, new Date());

  const app = express();
  app.disable("x-powered-by");
  // Request ids: every log line written while serving a request carries it, and the caller sees it.
  app.use((req, res, next) => {
    const requestId = requestIdFrom(req.get("X-Request-Id"));
    res.setHeader("X-Request-Id", requestId);
    withRequestId(requestId, next);
  });
  // The client's address for rate limits and caps: the socket's peer, or with TRUST_PROXY=n the address
  // n proxies in front of us saw (rightmost first in X-Forwarded-For). Whatever a client wrote is dropped.
  app.use((req, _res, next) => {
    const forwarded = (req.get("X-Forwarded-For") ?? "").split(",").map((a) => a.trim()).filter(Boolean);
    const chain = [...forwarded, req.socket.remoteAddress ?? "unknown"];
    req.headers[CLIENT_IP_HEADER.toLowerCase()] = chain[Math.max(0, chain.length - 1 - config.trustProxy)];
    next();
  });
  // A body declared larger than its endpoint takes is refused before a byte of it is read; the routes
  // stop an undeclared (chunked) one at the same cap (app/.server/http/body-limit.ts).
  app.use((req, res, next) => {
    const declared = Number(req.get("Content-Length") ?? NaN);
    const limit = bodyLimitFor(req.path);
    if (!(Number.isFinite(declared) && declared > limit)) return next();
    res.set("Connection", "close").status(413).json({ error: `request body larger than ${limit} bytes` });
    res.on("finish", () => req.socket.destroy());
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

  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    log.info(`listening on http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}${config.demo ? " (demo mode)" : ""}`);
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
    const sweeping = processApplier(db, config);
    sweeping.sweepEvery(SWEEP_MS);
    applier = sweeping;
  }

  let compliance: { stop(): Promise<void> } | null = null;
  if (config.dispatch) {
    compliance = startComplianceJobs({ db, config, retentionDays: config.retentionDays });
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
