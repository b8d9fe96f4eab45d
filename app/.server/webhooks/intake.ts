// Webhook intake: verify, dedupe by webhook id, map, apply, record — all or nothing, in one transaction.
import { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";
import { log as logger } from "~/.server/log";
import { applyEvents } from "./apply";
import { parseWebhookJson, withoutNul } from "./json";
import { date } from "./mappers/common";
import { TOPICS, isTopic, topicFromHeader } from "./topics";

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
};

export type Outcome = "processed" | "unmappable" | "ignored" | "duplicate";

type Answer = { outcome: Outcome; events: number; planned: number; reason?: string };

const NOT_JSON = "body is not valid JSON";

function answer(body: Answer, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** The first meaningful line (Prisma's messages start with a blank one), and the error code when there is one. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const line = error.message.split("\n").map((l) => l.trim()).find(Boolean) ?? error.name;
  const code = (error as { code?: unknown }).code;
  return `${typeof code === "string" ? `${code}: ` : ""}${line.slice(0, 200)}`;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** The library verifies the signature before it parses, so a SyntaxError means a genuine but broken body. */
function identityFromHeaders(request: Request): WebhookIdentity | null {
  const topic = request.headers.get("X-Shopify-Topic");
  const shop = request.headers.get("X-Shopify-Shop-Domain");
  const webhookId = request.headers.get("X-Shopify-Webhook-Id");
  if (!topic || !shop || !webhookId) return null;
  return { topic, shop, webhookId, triggeredAt: request.headers.get("X-Shopify-Triggered-At") ?? undefined };
}

function parseTime(value: string | undefined): Date | null {
  return date(value);
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
  // The library's own parse rounds IDs above 2^53, so the untouched body is read first.
  const raw = await request.clone().text();
  let identity: WebhookIdentity;
  let parsed: Parsed;
  try {
    identity = await deps.authenticate(request);
    parsed = parse(raw);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    const fromHeaders = thrown instanceof SyntaxError ? identityFromHeaders(request) : null;
    if (!fromHeaders) {
      log("webhook rejected", { error: describeError(thrown) });
      return new Response(null, { status: 500 });
    }
    identity = fromHeaders;
    parsed = { ok: false };
  }

  const topic = topicFromHeader(identity.topic);
  const accepted = deps.acceptTopics.map(topicFromHeader);
  const receivedAt = deps.now();
  const triggeredAt = parseTime(identity.triggeredAt);
  const ids = { topic, shop: identity.shop, webhookId: identity.webhookId };

  try {
    const result = await deps.db.$transaction(
      async (tx) => {
        const seen = await tx.webhookDelivery.findUnique({ where: { webhookId: identity.webhookId }, select: { id: true } });
        if (seen) return { outcome: "duplicate", events: 0, planned: 0 } satisfies Answer;

        let body: Answer;
        let payload: string | null = null;
        if (!isTopic(topic) || !accepted.includes(topic)) {
          body = { outcome: "ignored", events: 0, planned: 0, reason: `topic ${topic} is not handled at this address` };
        } else if (!parsed.ok) {
          body = { outcome: "unmappable", events: 0, planned: 0, reason: NOT_JSON };
          payload = raw;
        } else {
          const mapped = TOPICS[topic].map(parsed.payload, { triggeredAt, receivedAt });
          if (!mapped.ok) {
            body = { outcome: "unmappable", events: 0, planned: 0, reason: mapped.reason };
            payload = raw;
          } else {
            const applied = await applyEvents(tx, identity.shop, mapped.events);
            body = { outcome: "processed", events: mapped.events.length, planned: applied.planned.length, ...(mapped.note ? { reason: mapped.note } : {}) };
          }
        }
        // Written last, so a shop/redact that erased the shop's deliveries still leaves its own record.
        await tx.webhookDelivery.create({
          data: {
            webhookId: identity.webhookId,
            shop: identity.shop,
            topic,
            triggeredAt,
            receivedAt,
            outcome: body.outcome,
            reason: withoutNul(body.reason ?? null),
            eventCount: body.events,
            payload: withoutNul(payload),
          },
        });
        return body;
      },
      { maxWait: 5_000, timeout: 10_000 },
    );
    log(`webhook ${topic} → ${result.outcome}`, { ...ids, outcome: result.outcome, events: result.events, planned: result.planned });
    return answer(result);
  } catch (error) {
    if (isUniqueViolation(error)) {
      log(`webhook ${topic} → duplicate`, { ...ids, outcome: "duplicate" });
      return answer({ outcome: "duplicate", events: 0, planned: 0 });
    }
    log(`webhook ${topic} → failed, Shopify will retry`, { ...ids, outcome: "failed", error: describeError(error) });
    return new Response(null, { status: 500 });
  }
}
