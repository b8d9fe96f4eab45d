// The built server answering Shopify's privacy and lifecycle webhooks: the data request reaches the
// merchant's inbox as a JSON attachment, an uninstall stops every send, and the server's own output
// is JSON lines with request ids and no personal data.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../scripts/demo/payloads";
import { signWebhookBody } from "../../../scripts/lib/webhook-client";
import { parseEnv } from "~/env.server";
import { SHOP, startApp, type App } from "../../support/app";

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const NOW = new Date();
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
const noor = { id: 7707, email: "noor.private@example.com", first_name: "Noorissa", last_name: "Quellbright" };
const MERCHANT = "owner@demo-shop.example";

function exportMails() {
  return app.smtp.received.filter((r) => r.envelopeTo.includes(MERCHANT) && r.mail.headers.get("x-crm-scenario") === "data-request");
}

describe("customers/data_request", () => {
  it("e-mails the merchant a summary and everything held on the customer as JSON", async () => {
    await app.webhook("customers/create", p.customer(noor, minutes(-60)), { at: minutes(-60) });
    await app.webhook("customers_email_marketing_consent/update", p.consent(noor, "subscribed", minutes(-60)), { at: minutes(-60) });
    const answer = await app.webhook("customers/data_request", { shop_domain: SHOP, customer: { id: noor.id, email: noor.email }, orders_requested: [] }, { webhookId: "dr-1" });
    expect(answer.status).toBe(200);

    // Sent once the request is committed, moments after the answer; the delivery row records it once
    // the SMTP server has accepted the message, a moment after the sink holds it.
    const recorded = () => app.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "dr-1" } });
    for (let waited = 0; waited < 10_000; waited += 50) {
      if (exportMails().length > 0 && !(await recorded()).reason?.startsWith("data export pending")) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const mails = exportMails();
    expect(mails).toHaveLength(1);
    const mail = mails[0].mail;
    expect(mail.text).toMatch(/1 × customer profile/);
    expect(mail.text).toMatch(/send the attached file to the customer/);
    const attachment = mail.attachments.find((a) => a.filename === "customer-data-dr-1.json");
    const doc = JSON.parse(attachment!.content.toString("utf8")) as { records: { customers: { email: string; firstName: string }[]; messages: unknown[] } };
    expect(doc.records.customers).toEqual([expect.objectContaining({ email: noor.email, firstName: noor.first_name })]);
    expect(doc.records.messages.length).toBeGreaterThan(0);

    const delivery = await recorded();
    expect(delivery.reason).toMatch(/^data export e-mailed to the merchant/);
    expect(delivery.payload).toBeNull();
  });

  it("answers a redelivered request without mailing the merchant twice", async () => {
    const again = await app.webhook("customers/data_request", { shop_domain: SHOP, customer: { id: noor.id, email: noor.email } }, { webhookId: "dr-1" });
    expect(JSON.parse(again.body)).toMatchObject({ outcome: "duplicate" });
    expect(exportMails()).toHaveLength(1);
  });
});

describe("logs", () => {
  it("are JSON lines carrying the caller's request id, echoed in the response", async () => {
    const body = JSON.stringify(p.customer({ id: 7708, email: "other.private@example.com", first_name: "Ottoline", last_name: null }, minutes(-30)));
    const response = await fetch(new URL("/webhooks/customers", app.server.url), {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Request-Id": "req-compliance-42",
        "X-Shopify-Topic": "customers/create",
        "X-Shopify-Shop-Domain": SHOP,
        "X-Shopify-API-Version": "2025-10",
        "X-Shopify-Webhook-Id": crypto.randomUUID(),
        "X-Shopify-Hmac-Sha256": signWebhookBody(body, parseEnv(app.env).apiSecret),
      },
      body,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req-compliance-42");
    const generated = (await fetch(new URL("/healthz", app.server.url))).headers.get("x-request-id");
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);

    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = app.server.output().split("\n").filter((l) => l.trim().startsWith("{"));
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.find((r) => r.requestId === "req-compliance-42" && r.topic === "customers/create")).toMatchObject({ outcome: "received", shop: SHOP });
  });

  it("never contain an address, a name or a token", async () => {
    const output = app.server.output();
    expect(output).toMatch(/webhook customers\/data_request/);
    expect(output).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    for (const secret of [noor.first_name, noor.last_name, "Ottoline", "shpat_", "token="]) expect(output).not.toContain(secret);
  });
});

describe("a leaked signed body replayed", () => {
  it("under another shop's domain, or long after it was sent, erases nothing", async () => {
    const customers = await app.db.customer.count({ where: { shop: SHOP } });
    expect(customers).toBeGreaterThan(0);
    // Signed correctly, but the shop inside the body is another one than the header names.
    const elsewhere = await app.webhook("shop/redact", { shop_id: 99, shop_domain: "other-shop.myshopify.com" }, { at: new Date() });
    expect(elsewhere.status).toBe(401);
    expect(JSON.parse(elsewhere.body).error).toMatch(/does not match X-Shopify-Shop-Domain/);
    // The right shop, but triggered three days ago: outside Shopify's retry window.
    const stale = await app.webhook("customers/redact", { shop_domain: SHOP, customer: { id: noor.id, email: noor.email }, orders_to_redact: [] }, { at: minutes(-3 * 24 * 60) });
    expect(stale.status).toBe(401);
    expect(JSON.parse(stale.body).error).toMatch(/older than Shopify's retry window/);
    expect(await app.db.customer.count({ where: { shop: SHOP } })).toBe(customers);
    expect(await app.db.webhookDelivery.count({ where: { webhookId: { in: [elsewhere.webhookId, stale.webhookId] } } })).toBe(0);
  });
});

describe("app/uninstalled", () => {
  it("skips every waiting message at once, drops sessions, and the dispatcher sends nothing after", async () => {
    await app.db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "x", accessToken: "shpat_secret", isOnline: false } });
    const waiting = await app.db.message.count({ where: { shop: SHOP, status: { in: ["planned", "deferred"] } } });
    expect(waiting).toBeGreaterThan(0);

    expect((await app.webhook("app/uninstalled", { id: 1, domain: SHOP, myshopify_domain: SHOP }, { at: new Date() })).status).toBe(200);
    expect(await app.db.message.count({ where: { shop: SHOP, status: { in: ["planned", "deferred"] } } })).toBe(0);
    expect(await app.db.message.count({ where: { shop: SHOP, reason: "shop_uninstalled" } })).toBe(waiting);
    expect(await app.db.session.count({ where: { shop: SHOP } })).toBe(0);

    // A message that slipped in beside the uninstall is still refused when its turn comes.
    const slipped = await app.db.message.findFirstOrThrow({ where: { shop: SHOP, reason: "shop_uninstalled" } });
    await app.db.message.update({ where: { id: slipped.id }, data: { status: "planned", reason: null, runAt: minutes(1) } });
    const sentBefore = app.smtp.received.length;
    const { outcomes } = await app.dispatch(minutes(5));
    expect(outcomes.map((o) => [o.status, o.reason?.split(":")[0]])).toEqual([["skipped", "shop_uninstalled"]]);
    expect(app.smtp.received.length).toBe(sentBefore);
  });
});
