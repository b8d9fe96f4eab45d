// The fake Admin API's bulk operations, as Shopify runs them: one query per shop at a time, a status
// to poll through `node(id)`, and on completion a JSONL file at a URL (here a real HTTP server on
// loopback) with the bulk_operations/finish webhook's payload. A run can also fail, with or without a
// partial file.
import http from "node:http";
import type { AddressInfo } from "node:net";

type Status = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED";
type Operation = { id: string; shop: string; query: string; status: Status; errorCode: string | null; objectCount: number; url: string | null; partialDataUrl: string | null; createdAt: Date; completedAt: Date | null };

/** What Shopify posts to bulk_operations/finish. */
export type BulkFinishPayload = { admin_graphql_api_id: string; completed_at: string | null; created_at: string; error_code: string | null; status: string; type: "query" };

export type FakeBulkOutcome = "completed" | "failed" | "partial";

export type FakeBulk = {
  start(shop: string, query: string): { ok: true; id: string; status: Status } | { ok: false; message: string };
  node(id: string): (Omit<Operation, "shop" | "query" | "createdAt" | "completedAt" | "objectCount"> & { __typename: "BulkOperation"; objectCount: string }) | null;
  /** Ends the shop's running operation with these JSONL objects; the webhook payload Shopify would send. */
  finish(shop: string, outcome: FakeBulkOutcome, objects: object[], at?: Date): Promise<BulkFinishPayload>;
  close(): Promise<void>;
};

export function createFakeBulk(): FakeBulk {
  const ops = new Map<string, Operation>();
  const files = new Map<string, string>();
  let server: http.Server | null = null;
  let base: string | null = null;
  let next = 1;

  const serve = async (name: string, body: string): Promise<string> => {
    if (!server) {
      server = http.createServer((req, res) => {
        const file = files.get(req.url ?? "");
        if (file === undefined) return void res.writeHead(404).end();
        res.writeHead(200, { "content-type": "application/jsonl" }).end(file);
      });
      server.unref();
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
    files.set(`/${name}`, body);
    return `${base}/${name}`;
  };

  return {
    start(shop, query) {
      const running = [...ops.values()].find((o) => o.shop === shop && (o.status === "CREATED" || o.status === "RUNNING"));
      if (running) return { ok: false, message: `A bulk query operation for this app and shop is already in progress: ${running.id}.` };
      const op: Operation = { id: `gid://shopify/BulkOperation/${next++}`, shop, query, status: "RUNNING", errorCode: null, objectCount: 0, url: null, partialDataUrl: null, createdAt: new Date(), completedAt: null };
      ops.set(op.id, op);
      return { ok: true, id: op.id, status: op.status };
    },
    node(id) {
      const op = ops.get(id);
      if (!op) return null;
      return { __typename: "BulkOperation", id: op.id, status: op.status, errorCode: op.errorCode, objectCount: String(op.objectCount), url: op.url, partialDataUrl: op.partialDataUrl };
    },
    async finish(shop, outcome, objects, at = new Date()) {
      const op = [...ops.values()].find((o) => o.shop === shop && o.status === "RUNNING");
      if (!op) throw new Error(`no running bulk operation for ${shop}`);
      const jsonl = (list: object[]) => list.map((o) => JSON.stringify(o)).join("\n") + (list.length ? "\n" : "");
      const name = `bulk-${op.id.split("/").pop()}`;
      op.completedAt = at;
      if (outcome === "completed") {
        op.status = "COMPLETED";
        op.objectCount = objects.length;
        op.url = await serve(`${name}.jsonl`, jsonl(objects));
      } else {
        op.status = "FAILED";
        op.errorCode = outcome === "partial" ? "TIMEOUT" : "INTERNAL_SERVER_ERROR";
        if (outcome === "partial") {
          const half = objects.slice(0, Math.ceil(objects.length / 2));
          op.objectCount = half.length;
          op.partialDataUrl = await serve(`${name}-partial.jsonl`, jsonl(half));
        }
      }
      return { admin_graphql_api_id: op.id, completed_at: at.toISOString(), created_at: op.createdAt.toISOString(), error_code: op.errorCode?.toLowerCase() ?? null, status: op.status.toLowerCase(), type: "query" };
    },
    async close() {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = null;
    },
  };
}
