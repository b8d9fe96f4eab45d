// The PostgreSQL adapter as the Prisma CLI needs it (runtime code uses the stock one). The stock
// adapter fails the CLI in three ways (prisma/prisma#27403 and its shadow-database code):
// - migrate reads catalog columns of type `name` (oid 19) and `"char"` (oid 18), which it cannot map;
// - given a connection string, its shadow database is the real one (the string wins over `database`);
// - it drops the shadow database while its own pool still holds connections to it.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { pgConnection } from "../app/database-url";

const TEXT_OID = 25;
const CATALOG_TEXT_OIDS = new Set([18, 19]);

type Queryable = { performIO(query: unknown): Promise<{ fields: { dataTypeID: number }[] }> };
let patched = false;

function patchCatalogTypes(adapter: object): void {
  if (patched) return;
  // performIO lives on the base class shared by the adapter and its transactions.
  const base = Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as Queryable;
  const performIO = base.performIO;
  base.performIO = async function (this: Queryable, query: unknown) {
    const result = await performIO.call(this, query);
    for (const field of result?.fields ?? []) if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    return result;
  };
  patched = true;
}

function fields(url: string): pg.PoolConfig & { schema: string } {
  const { connectionString, schema } = pgConnection(url);
  const u = new URL(connectionString);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.slice(1)) || undefined,
    options: `-c search_path="${schema}"`,
    schema,
  };
}

export class CliPg extends PrismaPg {
  private readonly fieldConfig: pg.PoolConfig;

  constructor(url: string) {
    const { schema, ...config } = fields(url);
    super(config, { schema });
    this.fieldConfig = config;
  }

  override async connect() {
    const adapter = await super.connect();
    patchCatalogTypes(adapter);
    return adapter;
  }

  override async connectToShadowDb() {
    const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID().replace(/-/g, "")}`;
    const admin = new pg.Client({ ...this.fieldConfig, options: undefined });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const shadow = await new PrismaPg({ ...this.fieldConfig, options: undefined, database }).connect();
    patchCatalogTypes(shadow);
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      const dropper = new pg.Client({ ...this.fieldConfig, options: undefined });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${database}"`);
      await dropper.end();
    };
    return shadow;
  }
}
