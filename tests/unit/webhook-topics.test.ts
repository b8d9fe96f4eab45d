// The topic table is the one list of what the app subscribes to: each route accepts the topics the
// table delivers to its address, and every address in the table has its route.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TOPICS, mapDelivery, topicsAt, type Topic } from "~/.server/webhooks/topics";

const ROUTES = path.resolve(__dirname, "../../app/routes");

function routeAddresses(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of fs.readdirSync(ROUTES).filter((f) => f.startsWith("webhooks."))) {
    const uri = /handleWebhook\(request, "([^"]+)"\)/.exec(fs.readFileSync(path.join(ROUTES, file), "utf8"))?.[1];
    if (uri) found.set(uri, file);
  }
  return found;
}

describe("the webhook topic table", () => {
  it("gives each route the topics delivered to its address, and each route's address is its own file name", () => {
    const routes = routeAddresses();
    expect(routes.size).toBeGreaterThan(0);
    for (const [uri, file] of routes) {
      expect(topicsAt(uri), uri).not.toEqual([]);
      expect(file.replace(/\.tsx$/, "").split(".").join("/")).toBe(uri.slice(1));
    }
    const addresses = new Set((Object.keys(TOPICS) as Topic[]).map((t) => TOPICS[t].uri));
    expect([...addresses].sort()).toEqual([...routes.keys()].sort());
    expect(topicsAt("/webhooks/customers")).toEqual(["customers/create", "customers/update", "customers_email_marketing_consent/update"]);
    expect(topicsAt("/webhooks/nowhere")).toEqual([]);
  });

  it("maps a delivery through the one mapping function, and refuses a topic it does not handle", () => {
    const meta = { triggeredAt: null, receivedAt: new Date("2026-03-01T00:00:00Z") };
    expect(mapDelivery("products/create", {}, meta)).toEqual({ ok: false, reason: "topic products/create is not handled" });
    const mapped = mapDelivery("customers/create", { id: 5, email: "a@example.com", created_at: "2026-03-01T00:00:00Z", updated_at: "2026-03-01T00:00:00Z" }, meta);
    expect(mapped.ok && mapped.events.map((e) => e.kind)).toEqual(["CustomerSignedUp"]);
  });
});
