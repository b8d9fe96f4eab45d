// Webhook intake: verify, map, store, answer. Shopify wants its 2xx within seconds and retries
// otherwise, so the answer waits only for the delivery to be durably stored (deduplicated by webhook
// id in the same statement); projection and planning run right after, from the stored row
// (./take), where a crash or a failure is retried rather than lost. ADR 008.
import { refuseReplay } from "./replay-guard";
import { readBodyLimited, WEBHOOK_BODY_LIMIT } from "~/.server/http/body-limit";
import type { Db } from "~/db.server";
import { log as logger } from "~/.server/log";
import { parseWebhookJson } from "./json";
import { date } from "./mappers/common";
import { storeReceipt, type Receipt } from "./store";
import { isTopic, mapDelivery, topicFromHeader } from "./topics";

export type WebhookIdentity = { topic: string; shop: string; webhookId: string; apiVersion?: string; triggeredAt?: string };

export type IntakeDeps = {
  db: Db;
  /** Verifies the HMAC; throws a Response (401, 400, 405) when the request is not a genuine webhook. */
  authenticate: (request: Request) => Promise<WebhookIdentity>;
  now: () => Date;
  /** Topics this address handles; anything else is recorded as ignored. */
  acceptTopics: string[];
  /** Ids and outcomes only: a webhook body is personal data and never reaches a log. */
  log?: (line: string, fields: Record<string, unknown>) => void;
  /** Told of each stored delivery waiting to be applied (the in-process applier starts on it). */
  onReceived?: (webhookId: string) => void;
};

export type Outcome = "received" | "unmappable" | "ignored" | "duplicate";

type Answer = { outcome: Outcome; events: number; reason?: string };

const NOT_JSON = "body is not valid JSON";

function answer(body: Answer, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** The first meaningful line (Prisma's messages start with a blank one), and the error code when there is one. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const line = error.message.split("\n").map((l) => l.trim()).find(Boolean) ?? error.name;
  const code = (error as { code?: unknown }).code;
  return `${typeof code === "string" ? `${code}: ` : ""}${line.slice(0, 200)}`;
}

/** The library verifies the signature before it parses, so a SyntaxError means a genuine but broken body. */
function identityFromHeaders(request: Request): WebhookIdentity | null {
  const topic = request.headers.get("X-Shopify-Topic");
  const shop = request.headers.get("X-Shopify-Shop-Domain");
  const webhookId = request.headers.get("X-Shopify-Webhook-Id");
  if (!topic || !shop || !webhookId) return null;
  return { topic, shop, webhookId, triggeredAt: request.headers.get("X-Shopify-Triggered-At") ?? undefined };
}

type Parsed = { ok: true; payload: unknown } | { ok: false };

function parse(raw: string): Parsed {
  try {
    return { ok: true, payload: parseWebhookJson(raw) };
  } catch {
    return { ok: false };
  }
}

export async function receiveWebhook(request: Request, deps: IntakeDeps): Promise<Response> {
  const log = deps.log ?? ((line: string, fields: Record<string, unknown>) => logger.info({ job: "webhook", ...fields }, line));
  // Read once, bounded, before anything else looks at it: the signature is checked on these bytes
  // (the library reads an in-memory copy of them), and they are what is stored. The library's own
  // parse would also round IDs above 2^53.
  const body = await readBodyLimited(request, WEBHOOK_BODY_LIMIT);
  if (!body.ok) return body.response;
  const raw = new TextDecoder().decode(body.bytes);
  const buffered = new Request(request.url, { method: request.method, headers: request.headers, body: body.bytes });
  let identity: WebhookIdentity;
  let parsed: Parsed;
  try {
    identity = await deps.authenticate(buffered);
    parsed = parse(raw);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    const fromHeaders = thrown instanceof SyntaxError ? identityFromHeaders(buffered) : null;
    if (!fromHeaders) {
      log("webhook rejected", { error: describeError(thrown) });
      return new Response(null, { status: 500 });
    }
    identity = fromHeaders;
    parsed = { ok: false };
  }

  const topic = topicFromHeader(identity.topic);
  const replay = parsed.ok ? refuseReplay(topic, parsed.payload, identity.shop, date(identity.triggeredAt), deps.now()) : null;
  if (replay) {
    log(`webhook ${topic} → refused`, { topic, shop: identity.shop, webhookId: identity.webhookId, outcome: "refused", reason: replay });
    return new Response(JSON.stringify({ error: replay }), { status: 401, headers: { "Content-Type": "application/json" } });
  }
  const receipt = classify(raw, parsed, topic, deps.acceptTopics.map(topicFromHeader), {
    webhookId: identity.webhookId,
    shop: identity.shop,
    topic,
    triggeredAt: date(identity.triggeredAt),
    receivedAt: deps.now(),
  });
  const ids = { topic, shop: identity.shop, webhookId: identity.webhookId };

  let stored: boolean;
  try {
    stored = await storeReceipt(deps.db, receipt);
  } catch (error) {
    log(`webhook ${topic} → not stored, Shopify will retry`, { ...ids, outcome: "failed", error: describeError(error) });
    return new Response(null, { status: 500 });
  }
  if (!stored) {
    log(`webhook ${topic} → duplicate`, { ...ids, outcome: "duplicate" });
    return answer({ outcome: "duplicate", events: 0 });
  }
  log(`webhook ${topic} → ${receipt.outcome}`, { ...ids, outcome: receipt.outcome, events: receipt.eventCount });
  if (receipt.outcome === "received") deps.onReceived?.(identity.webhookId);
  return answer({ outcome: receipt.outcome, events: receipt.eventCount, ...(receipt.reason ? { reason: receipt.reason } : {}) });
}

type Identity = Pick<Receipt, "webhookId" | "shop" | "topic" | "triggeredAt" | "receivedAt">;

/**
 * Mapping is pure and cheap, so it happens before the answer: a delivery that cannot be mapped is
 * final at once (kept with its payload for diagnosis), one that can is stored to be applied.
 */
function classify(raw: string, parsed: Parsed, topic: string, accepted: string[], id: Identity): Receipt {
  const none = { ...id, eventCount: 0, payload: null, reason: null };
  if (!isTopic(topic) || !accepted.includes(topic)) return { ...none, outcome: "ignored", reason: `topic ${topic} is not handled at this address` };
  if (!parsed.ok) return { ...none, outcome: "unmappable", reason: NOT_JSON, payload: raw };
  const mapped = mapDelivery(topic, parsed.payload, { triggeredAt: id.triggeredAt, receivedAt: id.receivedAt });
  if (!mapped.ok) return { ...none, outcome: "unmappable", reason: mapped.reason, payload: raw };
  return { ...id, outcome: "received", eventCount: mapped.events.length, reason: mapped.note ?? null, payload: raw };
}
