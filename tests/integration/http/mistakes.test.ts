// One test per mistake the product exists to prevent, end to end: signed webhooks over HTTP into the
// built server, the dispatcher with explicit time, and mail received by a real SMTP server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../scripts/demo/payloads";
import { parseEnv } from "~/env.server";
import { uriForTopic } from "~/.server/webhooks/topics";
import { postWebhook } from "../../../scripts/lib/webhook-client";
import { startApp, type App } from "../../support/app";

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const day = (n: number, hhmm = "10:00") => new Date(`2026-03-${String(n).padStart(2, "0")}T${hhmm}:00Z`);
const person = (id: number, email: string, first_name: string | null = "Pat") => ({ id, email, first_name, last_name: null });
const beans = { title: "House blend", variant: "250 g", price: "18.00", quantity: 1, productId: 41 };
/** The URL in the (possibly folded) List-Unsubscribe header of a raw message. */
const listUnsubscribeUrl = (raw: string) => /^List-Unsubscribe:\s*<([^>]+)>/m.exec(raw)?.[1] ?? "";
const mailsTo = (email: string) => app.smtp.received.filter((r) => r.envelopeTo.includes(email));
const ledger = (email: string) => app.db.message.findMany({ where: { email }, orderBy: [{ runAt: "asc" }, { step: "asc" }] });

async function signUp(who: ReturnType<typeof person>, at: Date) {
  expect((await app.webhook("customers/create", p.customer(who, at), { at })).status).toBe(200);
  expect((await app.webhook("customers_email_marketing_consent/update", p.consent(who, "subscribed", at), { at })).status).toBe(200);
}

describe("mistakes the product prevents", () => {
  it("refuses a forged webhook with 401 and records nothing", async () => {
    const forged = await app.webhook("orders/create", p.order({ id: 1, number: 1001, person: person(1, "forger@example.com"), at: day(1), items: [beans], acceptsMarketing: true }), { forgeWith: "guessed-secret" });
    expect(forged.status).toBe(401);
    expect(await app.db.webhookDelivery.count({ where: { webhookId: forged.webhookId } })).toBe(0);
    expect(await app.db.order.count({ where: { shopifyId: "1" } })).toBe(0);
  });

  it("answers a malformed shop header 400 when signed and 401 when forged, never 500", async () => {
    const body = JSON.stringify(p.order({ id: 2, number: 1002, person: person(2, "odd@example.com"), at: day(1), items: [beans], acceptsMarketing: true }));
    const base = { baseUrl: app.server.url, uri: uriForTopic("orders/create"), topic: "orders/create", shop: 'not a "shop"', body, secret: parseEnv(app.env).apiSecret };
    const signed = await postWebhook(base);
    const forged = await postWebhook({ ...base, forgeWith: "guessed-secret" });
    expect([signed.status, forged.status]).toEqual([400, 401]);
    expect(await app.db.webhookDelivery.count({ where: { webhookId: { in: [signed.webhookId, forged.webhookId] } } })).toBe(0);
  });

  it("ignores an impossible X-Shopify-Triggered-At instead of failing the delivery", async () => {
    const who = person(3, "far-future@example.com");
    const answer = await app.webhook("customers/create", p.customer(who, day(1)), { at: new Date("+099999-01-01T00:00:00Z") });
    expect(answer.status).toBe(200);
    expect(await app.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: answer.webhookId } })).toMatchObject({ outcome: "processed", triggeredAt: null });
  });

  it("answers a malformed payload 200, records why, and keeps serving", async () => {
    const answer = await app.webhook("orders/create", null, { rawBody: '{"id": 12, "email": ' });
    expect(answer.status).toBe(200);
    const delivery = await app.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: answer.webhookId } });
    expect(delivery.outcome).toBe("unmappable");
    expect(delivery.reason).toMatch(/json/i);
    expect((await fetch(`${app.server.url}/healthz`)).status).toBe(200);
  });

  it("stores a NUL character in a payload as U+FFFD on every database instead of failing the delivery", async () => {
    const who = person(4, "nul@example.com", "Ann\u0000a");
    const escaped = await app.webhook("customers/create", p.customer(who, day(1)), { at: day(1) });
    expect(escaped.status).toBe(200);
    expect(await app.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: escaped.webhookId } })).toMatchObject({ outcome: "processed" });
    expect((await app.db.customer.findFirstOrThrow({ where: { email: "nul@example.com" } })).firstName).toBe("Ann\uFFFDa");

    const literal = await app.webhook("orders/create", null, { rawBody: '{"id": 13, "note": "\u0000' });
    expect(literal.status).toBe(200);
    const kept = await app.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: literal.webhookId } });
    expect(kept).toMatchObject({ outcome: "unmappable", payload: '{"id": 13, "note": "\uFFFD' });
  });

  it("sends once when Shopify delivers the same webhook twice", async () => {
    const at = day(2);
    const body = p.checkout({ token: "dup-1", email: "dup@example.com", firstName: "Dee", items: [beans], at, acceptsMarketing: true });
    const first = await app.webhook("checkouts/create", body, { at });
    const again = await app.webhook("checkouts/create", body, { webhookId: first.webhookId, at });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await app.db.webhookDelivery.count({ where: { webhookId: first.webhookId } })).toBe(1);
    await app.dispatch(day(2, "11:05"));
    await app.dispatch(day(2, "11:10"));
    expect(mailsTo("dup@example.com")).toHaveLength(1);
    expect((await ledger("dup@example.com")).map((m) => m.status)).toEqual(["sent", "planned"]);
  });

  it("never sends a first-order coupon to a repeat buyer", async () => {
    const jordan = person(3003, "jordan@example.com", "Jordan");
    await app.webhook("orders/create", p.order({ id: 3100, number: 1100, person: jordan, at: day(3, "09:00"), items: [beans], acceptsMarketing: false }));
    await signUp(jordan, day(3, "09:30"));
    await app.dispatch(day(3, "09:31"));
    const [welcome] = await ledger("jordan@example.com");
    expect(welcome).toMatchObject({ scenario: "welcome", status: "skipped" });
    expect(welcome.reason).toMatch(/^not_first_time_buyer/);
    expect(mailsTo("jordan@example.com")).toHaveLength(0);
    expect(await app.db.coupon.count({ where: { email: "jordan@example.com" } })).toBe(0);
  });

  it("renders a fallback for an empty name and escapes a hostile one, with a compliant MIME", async () => {
    await signUp(person(4001, "noname@example.com", null), day(4, "09:00"));
    await signUp(person(4002, "hostile@example.com", "<script>alert(1)</script>"), day(4, "09:00"));
    await app.dispatch(day(4, "09:01"));

    const [plain] = mailsTo("noname@example.com");
    expect(plain.mail.text).toMatch(/\bthere\b/);
    expect(plain.mail.text).not.toMatch(/\b(Hi|Hello|Welcome),?\s*[,!]/);
    expect(plain.mail.html).toBeTruthy();
    expect(plain.mail.text).toContain("12 Harbour Street");
    expect(plain.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(listUnsubscribeUrl(plain.raw)).toMatch(/^http[^>]+\/unsubscribe\?token=/);

    const [hostile] = mailsTo("hostile@example.com");
    expect(hostile.mail.html).not.toContain("<script>alert(1)</script>");
    expect(hostile.mail.html).toContain("&lt;script&gt;");
  });

  it("does not remind a shopper who completed the order", async () => {
    const at = day(5, "10:00");
    await app.webhook("checkouts/create", p.checkout({ token: "done-1", email: "taylor@example.com", firstName: "Taylor", items: [beans], at, acceptsMarketing: true }), { at });
    await app.webhook("orders/create", p.order({ id: 5100, number: 1101, person: person(5005, "taylor@example.com"), at: day(5, "10:30"), items: [beans], checkoutToken: "done-1", acceptsMarketing: true }));
    await app.dispatch(day(5, "11:01"));
    const [first] = await ledger("taylor@example.com");
    expect(first.status).toBe("skipped");
    expect(first.reason).toMatch(/^(checkout_completed|ordered_since)/);
    expect(mailsTo("taylor@example.com")).toHaveLength(0);
  });

  it("sends one person at most one marketing email a day, however many scenarios fire", async () => {
    const mina = person(6001, "mina@example.com", "Mina");
    const at = day(6, "09:00");
    await app.webhook("checkouts/create", p.checkout({ token: "busy-1", email: mina.email, firstName: "Mina", customer: mina, items: [beans], at: day(6, "08:00"), acceptsMarketing: true }));
    await app.webhook("checkouts/create", p.checkout({ token: "busy-2", email: mina.email, firstName: "Mina", customer: mina, items: [beans], at: day(6, "08:30"), acceptsMarketing: true }));
    await signUp(mina, at);
    for (const hhmm of ["09:00", "09:30", "12:00", "18:00", "20:59"]) await app.dispatch(day(6, hhmm));
    expect(mailsTo(mina.email)).toHaveLength(1);
    const held = (await ledger(mina.email)).filter((m) => m.status !== "sent" && m.status !== "planned");
    expect(held.length).toBeGreaterThanOrEqual(2);
    for (const m of held) expect(m.reason).toMatch(/frequency_budget|budget_exhausted/);
  });

  it("does not remind about a coupon that has expired", async () => {
    await signUp(person(7001, "late@example.com", "Lee"), day(7, "09:00"));
    await app.dispatch(day(7, "09:01"));
    const coupon = await app.db.coupon.findFirstOrThrow({ where: { email: "late@example.com" } });
    const reminder = await app.db.message.findFirstOrThrow({ where: { scenario: "coupon-expiry", couponCode: coupon.code } });
    expect(reminder.status).toBe("planned");
    // The dispatcher was down until after the code expired: the reminder must not go out now.
    await app.dispatch(new Date(coupon.endsAt.getTime() + 3_600_000));
    const after = await app.db.message.findUniqueOrThrow({ where: { id: reminder.id } });
    expect(after.status).toBe("skipped");
    expect(after.reason).toMatch(/^coupon_expired/);
    expect(mailsTo("late@example.com")).toHaveLength(1); // the welcome only
  });

  it("one-click unsubscribe from the header stops every pending message", async () => {
    await signUp(person(8001, "leaving@example.com", "Lou"), day(8, "09:00"));
    await app.dispatch(day(8, "09:01"));
    const [welcome] = mailsTo("leaving@example.com");
    const url = listUnsubscribeUrl(welcome.raw);
    expect((await fetch(url)).status).toBe(200); // GET only confirms
    expect(await app.db.suppression.count({ where: { email: "leaving@example.com" } })).toBe(0);
    const post = () => fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    const pending = await app.db.message.findFirstOrThrow({ where: { email: "leaving@example.com", scenario: "coupon-expiry" } });
    expect(pending).toMatchObject({ status: "skipped", reason: expect.stringMatching(/^unsubscribed/) });
    const forged = new URL(url);
    forged.searchParams.set("token", `${forged.searchParams.get("token")}x`);
    expect((await fetch(forged, { method: "POST", body: "List-Unsubscribe=One-Click" })).status).toBe(400);
  });
});

describe("a shop in Korea", () => {
  it("sends advertising mail only with (광고), the sender's contact and a free way to refuse, in Korean", async () => {
    await app.db.shop.update({ where: { domain: "demo-shop.myshopify.com" }, data: { countryCode: "KR" } });
    try {
      await signUp(person(9001, "seoul@example.kr", "지우"), day(9, "09:00"));
      await app.dispatch(day(9, "09:01"));
      const [mail] = mailsTo("seoul@example.kr");
      expect(mail.mail.subject).toMatch(/^\(광고\)/);
      expect(mail.mail.text).toContain("수신거부");
      expect(mail.mail.text).toContain("owner@demo-shop.example");
    } finally {
      await app.db.shop.update({ where: { domain: "demo-shop.myshopify.com" }, data: { countryCode: "US" } });
    }
  });
});
