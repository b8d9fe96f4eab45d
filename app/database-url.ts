import fs from "node:fs";
import path from "node:path";

export type DatabaseKind = "sqlite" | "postgres";

/** DATABASE_URL, or the embedded default: a SQLite file under .data/ (created on first use). */
export function databaseUrl(env: Record<string, string | undefined> = process.env): string {
  const url = env.DATABASE_URL || "file:./.data/app.db";
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  return url;
}

export function databaseKind(url: string): DatabaseKind {
  return /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
}

/** The schema folder (datasource, migrations) for a database URL, relative to the project root. */
export function schemaFolder(url: string): string {
  return path.join("prisma", databaseKind(url));
}

export type PgConnection = {
  /** Without `schema`, which pg would not understand. */
  connectionString: string;
  /** The PostgreSQL schema the tables live in (`?schema=…`, Prisma's convention), `public` by default. */
  schema: string;
};

export function pgConnection(url: string): PgConnection {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") || "public";
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`DATABASE_URL: schema "${schema}" is not a plain identifier`);
  parsed.searchParams.delete("schema");
  return { connectionString: parsed.toString(), schema };
}
