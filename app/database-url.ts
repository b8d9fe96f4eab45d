import fs from "node:fs";
import path from "node:path";

/** DATABASE_URL, or the embedded default: a SQLite file under .data/ (created on first use). */
export function databaseUrl(env: Record<string, string | undefined> = process.env): string {
  const url = env.DATABASE_URL || "file:./.data/app.db";
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  return url;
}
