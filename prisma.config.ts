// The Prisma CLI follows DATABASE_URL: a `file:` URL uses prisma/sqlite, a `postgres(ql)://` URL
// prisma/postgres (each folder: datasource + its own migrations; the models are shared).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseKind, databaseUrl, schemaFolder } from "./app/database-url";
import { CliPg } from "./prisma/cli-pg-adapter";

const url = databaseUrl();
const folder = schemaFolder(url);

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: folder,
  migrations: { path: path.join(folder, "migrations") },
  adapter: async () => (databaseKind(url) === "postgres" ? new CliPg(url) : new PrismaBetterSQLite3({ url })),
});
