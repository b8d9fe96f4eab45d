import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { addDocumentResponseHeaders } from "./shopify.server";

export const streamTimeout = 5000;

// What the production server (server.ts) runs besides Remix: it takes them from the build, so the
// process holds one copy of the server code, one Prisma client and one logger rather than a second
// set compiled on the fly.
export { db, prepareDatabase } from "./db.server";
export { log, requestIdFrom, withRequestId } from "./.server/log";
export { installDemoShop } from "./.server/shops";
export { checkHealth } from "./.server/scheduler/health";
export { createRuntime } from "./.server/runtime";
export { startDispatcher, type Dispatcher } from "./.server/scheduler/tick";
export { startComplianceJobs } from "./.server/compliance/jobs";
export { processApplier, SWEEP_MS } from "./.server/webhooks/worker";

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}
