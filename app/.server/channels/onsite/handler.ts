// The app proxy's endpoints as one function: verify, parse, rate-limit, call one operation, answer JSON.
import { PROXY_BODY_LIMIT, readBodyLimited } from "~/.server/http/body-limit";
import { clientIpOf } from "~/.server/http/client-ip";
import { z } from "zod";
import { isOfferId } from "~/domain/onsite";
import { recordVisitorEvent } from "./events";
import { decideForVisitor } from "./offer";
import { countRefusal } from "./code-caps";
import { verifyOfferToken } from "./offer-token";
import { revealCode } from "./reveal";
import { signUpVisitor } from "./signup";
import type { OnsiteDeps, Visitor } from "./types";
import type { VerifyProxy } from "./verify";

export type ProxyDeps = OnsiteDeps & { verify: VerifyProxy; now: () => Date };

const ENDPOINTS = { offer: "GET", event: "POST", reveal: "POST", signup: "POST" } as const;
type Endpoint = keyof typeof ENDPOINTS;

const visitorFields = z.object({
  v: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "v must be the visitor id (8–64 letters, digits, - or _)"),
  c: z.enum(["0", "1"], "c must be \"0\" or \"1\""),
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } });

const fail = (status: number, error: string, field?: string) => json(field ? { error, field } : { error }, status);

function isEndpoint(name: string | undefined): name is Endpoint {
  return name !== undefined && Object.hasOwn(ENDPOINTS, name);
}

type Parsed = { ok: true; input: Record<string, unknown> } | { ok: false; response: Response };

async function readInput(request: Request): Promise<Parsed> {
  if (request.method === "GET") return { ok: true, input: Object.fromEntries(new URL(request.url).searchParams) };
  if (!/^application\/json\b/i.test(request.headers.get("Content-Type") ?? "")) {
    return { ok: false, response: fail(415, "send JSON with Content-Type: application/json") };
  }
  const body = await readBodyLimited(request, PROXY_BODY_LIMIT);
  if (!body.ok) return { ok: false, response: fail(413, "request body too large") };
  const text = new TextDecoder().decode(body.bytes);
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === "object" && !Array.isArray(body)) return { ok: true, input: body as Record<string, unknown> };
  } catch {
    // answered below
  }
  return { ok: false, response: fail(400, "the body must be a JSON object") };
}

const clientIp = clientIpOf;

const str = (value: unknown): string | null => (typeof value === "string" && value.length > 0 && value.length <= 4096 ? value : null);

export async function handleProxyRequest(request: Request, endpoint: string | undefined, deps: ProxyDeps): Promise<Response> {
  if (!isEndpoint(endpoint)) return fail(404, "no such endpoint");
  if (request.method !== ENDPOINTS[endpoint]) return fail(405, `use ${ENDPOINTS[endpoint]}`);

  const verified = await deps.verify(request);
  if (!verified.ok) return fail(verified.status, verified.error);

  const parsed = await readInput(request);
  if (!parsed.ok) return parsed.response;
  const input = parsed.input;
  const fields = visitorFields.safeParse(input);
  if (!fields.success) {
    const issue = fields.error.issues[0];
    return fail(400, issue.message, String(issue.path[0]));
  }
  const visitor: Visitor = { shop: verified.shop, visitorId: fields.data.v, customerShopifyId: verified.customerShopifyId, consent: fields.data.c === "1" };
  const now = deps.now();

  const allowed = await deps.limiter.allow({ shop: visitor.shop, visitorId: visitor.visitorId, ip: clientIp(request) });
  if (!allowed) return endpoint === "offer" ? json({ show: false, reason: "rate_limited" }) : fail(429, "too many requests: try again in a minute");

  const request_ = { ...visitor, ref: str(input.ref), productHandle: str(input.product), ip: clientIp(request) };
  switch (endpoint) {
    case "offer":
      return json(await decideForVisitor(deps, request_, now));
    case "event": {
      if (input.type !== "impression" && input.type !== "dismiss") return fail(400, 'type must be "impression" or "dismiss"', "type");
      if (!isOfferId(input.offer)) return fail(400, "offer must be the id the offer came with", "offer");
      await recordVisitorEvent(deps.db, visitor, input.type, input.offer, now);
      return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
    }
    case "reveal": {
      if (input.offer !== "first-order") return fail(400, "only a first-order offer has a code", "offer");
      const token = verifyOfferToken(input.token, { shop: visitor.shop, visitorId: visitor.visitorId, offer: "first-order" }, deps.secret, now);
      if (!token.ok) {
        await countRefusal(deps.db, visitor.shop, now);
        return fail(403, token.reason, "token");
      }
      const revealed = await revealCode(deps, request_, now);
      if (!revealed.ok) return fail(revealed.status, revealed.error);
      const { code, endsAt, percentOff, value, timeZone } = revealed;
      return json({ code, endsAt: endsAt.toISOString(), percentOff, value, timeZone });
    }
    case "signup": {
      const signed = await signUpVisitor(deps, request_, input, now);
      if (!signed.ok) return fail(signed.status, signed.error, signed.field);
      // confirm: "email": nothing is subscribed until the link in the confirmation email is used.
      return json(signed.subscribed ? { ok: true } : { ok: true, confirm: "email" });
    }
  }
}
