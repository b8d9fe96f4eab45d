// Shopify's own sample payloads, read in place, and the app's subscription file checked against the topic table.
import { parseEnv } from "~/env.server";
import { appScopes } from "~/.server/shopify/app-config";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseWebhookJson } from "~/.server/webhooks/json";
import { COMPLIANCE_TOPICS, TOPICS, isTopic } from "~/.server/webhooks/topics";
import type { DomainEvent } from "~/domain/types";

const repoRoot = path.resolve(__dirname, "../..");
const FIXTURES = path.resolve(repoRoot, "../shared/fixtures/shopify-webhooks");
const haveFixtures = fs.existsSync(FIXTURES);
if (!haveFixtures) console.warn(`webhook conformance skipped: Shopify's sample payloads are not at ${FIXTURES}`);

const NOT_SUBSCRIBED = ["carts/create", "carts/update", "discounts/create", "customers_marketing_consent/update"];
/** Subscribed topics Shopify publishes no sample for: their mappers are tested on the documented resource (tests/unit/webhook-mappers.test.ts). */
const WITHOUT_SAMPLE = ["shop/update", "bulk_operations/finish", "products/update", "products/delete"];

function fixtureFiles(): { topic: string; raw: string }[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ topic: f.replace(/\.json$/, "").replace("__", "/"), raw: fs.readFileSync(path.join(FIXTURES, f), "utf8") }));
}

/** Every gid://shopify/Type/ID in a sample, to compare big IDs digit for digit. */
function gids(raw: string): string[] {
  return [...raw.matchAll(/"gid:\/\/shopify\/\w+\/(\d+)"/g)].map((m) => m[1]);
}

const meta = { triggeredAt: new Date("2026-01-01T00:00:00Z"), receivedAt: new Date("2026-01-01T00:00:05Z") };

describe.skipIf(!haveFixtures)("Shopify's sample payloads", () => {
  const files = haveFixtures ? fixtureFiles() : [];

  it("cover every subscribed topic, and the topics we chose not to subscribe to are not in the table", () => {
    const topics = files.map((f) => f.topic);
    for (const topic of Object.keys(TOPICS)) if (!WITHOUT_SAMPLE.includes(topic)) expect(topics).toContain(topic);
    for (const topic of WITHOUT_SAMPLE) expect(topics).not.toContain(topic);
    for (const topic of NOT_SUBSCRIBED) {
      expect(topics).toContain(topic);
      expect(isTopic(topic)).toBe(false);
    }
  });

  it.each(files.filter((f) => isTopic(f.topic)).map((f) => [f.topic, f] as const))("%s maps", (_topic, file) => {
    const topic = file.topic as keyof typeof TOPICS;
    const result = TOPICS[topic].map(parseWebhookJson(file.raw), meta);
    expect(result).toMatchObject({ ok: true });
  });

  it("every ID above 2^53 in the samples survives, digit for digit", () => {
    const unsafe = (id: string) => BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER);
    let checked = 0;
    for (const file of files) {
      const parsed = JSON.stringify(parseWebhookJson(file.raw));
      for (const id of gids(file.raw).filter(unsafe)) {
        expect(parsed, `${file.topic}: ${id}`).toContain(`"${id}"`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  const mapped = (topic: keyof typeof TOPICS): DomainEvent[] => {
    const file = files.find((f) => f.topic === topic)!;
    const result = TOPICS[topic].map(parseWebhookJson(file.raw), meta);
    if (!result.ok) throw new Error(result.reason);
    return result.events;
  };

  it("the generic orders sample is a placed order that was cancelled, with the exact order and customer ids", () => {
    const events = mapped("orders/create");
    expect(events.map((e) => e.kind)).toEqual(["OrderPlaced", "OrderCancelled"]);
    const placed = events[0] as Extract<DomainEvent, { kind: "OrderPlaced" }>;
    expect(placed.order.shopifyId).toBe("820982911946154508");
    expect(placed.order.customer?.shopifyId).toBe("115310627314723954");
    expect(placed.order.total).toEqual({ cents: 40495, currency: "USD" });
  });

  it("the checkout sample (no id since 2026-04) is matched by token and keeps its recovery link", () => {
    const [event] = mapped("checkouts/create") as Extract<DomainEvent, { kind: "CheckoutStarted" }>[];
    expect(event.checkout.token).toBe("123123123");
    expect(event.checkout.recoveryUrl).toContain("/recover?key=");
    expect(event.checkout.customerShopifyId).toBe("603851970716743426");
    expect(event.checkout.total.cents).toBe(42188);
  });

  it("the in-transit tracking sample and the fulfilments without shipment status plan nothing", () => {
    expect(mapped("fulfillment_events/create")).toEqual([]);
    expect(mapped("fulfillments/create")).toEqual([]);
  });

  it("the compliance samples name the customer and the orders to redact", () => {
    expect(mapped("customers/redact")).toEqual([
      { kind: "CustomerRedacted", at: meta.triggeredAt, customerShopifyId: "191167", email: "john@example.com", orderShopifyIds: ["299938", "280263", "220458"] },
    ]);
  });
});

type Subscription = { comment: string | null; topics: string[]; compliance: string[]; uri: string | null };

/** Reads only what this file uses: [[webhooks.subscriptions]] blocks, their topics, uri and the comment above. */
function subscriptions(toml: string): Subscription[] {
  const list = (line: string) => [...line.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  const found: Subscription[] = [];
  let comment: string | null = null;
  let current: Subscription | null = null;
  for (const rawLine of toml.split("\n")) {
    const line = rawLine.trim();
    if (line.startsWith("#")) {
      comment = line.slice(1).trim();
      continue;
    }
    if (line.startsWith("[")) {
      current = line === "[[webhooks.subscriptions]]" ? { comment, topics: [], compliance: [], uri: null } : null;
      if (current) found.push(current);
    } else if (current && line.startsWith("topics")) current.topics = list(line);
    else if (current && line.startsWith("compliance_topics")) current.compliance = list(line);
    else if (current && line.startsWith("uri")) current.uri = list(line)[0] ?? null;
    if (line !== "") comment = null;
  }
  return found;
}

describe("shopify.app.toml", () => {
  const toml = fs.readFileSync(path.join(repoRoot, "shopify.app.toml"), "utf8");
  const subs = subscriptions(toml);

  it("subscribes every topic of the table at the address that handles it, and nothing else", () => {
    const subscribed = subs.flatMap((s) => [...s.topics, ...s.compliance].map((topic) => [topic, s.uri]));
    expect(Object.fromEntries(subscribed)).toEqual(Object.fromEntries(Object.entries(TOPICS).map(([t, r]) => [t, r.uri])));
    expect(subscribed).toHaveLength(Object.keys(TOPICS).length);
  });

  it("delivers the mandatory privacy topics as compliance topics", () => {
    expect(subs.flatMap((s) => s.compliance).sort()).toEqual([...COMPLIANCE_TOPICS].sort());
  });

  it("names, above each subscription, the route file that handles it", () => {
    expect(subs.length).toBeGreaterThan(0);
    for (const sub of subs) {
      const file = sub.comment?.match(/app\/routes\/\S+\.tsx/)?.[0];
      expect(file, `comment above ${sub.uri}`).toBeDefined();
      expect(fs.existsSync(path.join(repoRoot, file!)), file).toBe(true);
      const route = "/" + path.basename(file!, ".tsx").replaceAll(".", "/");
      expect(route).toBe(sub.uri);
    }
  });

  it("is where the server takes its scopes from (the contract test checks each one against Shopify's schema)", () => {
    expect(parseEnv({ CRM_DEMO: "1", NODE_ENV: "test" }).scopes).toEqual(appScopes(repoRoot));
    expect(appScopes(repoRoot)).toEqual(expect.arrayContaining(["write_customers", "read_orders", "read_checkouts", "read_fulfillments", "write_discounts", "read_locales", "read_products"]));
  });
});
