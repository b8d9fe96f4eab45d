// Korea's two-yearly consent notice over HTTP and a real SMTP sink: a reader of Korean whose consent
// turned two years old is told its date and how to withdraw, once, outside the budget and without
// "(광고)"; an English reader of a shop outside the Korean rules is not, until the shop follows them;
// a consent given again since the notice was planned restarts the two years.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../scripts/demo/payloads";
import { personTimeline } from "~/.server/admin/activity";
import { runConsentNotices } from "~/.server/lifecycle/consent-notice";
import { translator } from "~/i18n";
import { SHOP, startApp, type App } from "../../support/app";
import { NOON, hours } from "../../support/today";

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const yearsAgo = (n: number, plusDays = 0) => {
  const d = new Date(NOON.getTime() - plusDays * 86_400_000);
  d.setUTCFullYear(d.getUTCFullYear() - n);
  return d;
};
const seo = { id: 8501, email: "seo.kr@example.com", first_name: "서연", last_name: "이" };
const ann = { id: 8502, email: "ann.en@example.com", first_name: "Ann", last_name: null };
const min = { id: 8503, email: "min.recent@example.com", first_name: "민", last_name: null };
const tea = { title: "보리차", variant: null, price: "9.00", quantity: 1, productId: 811 };

type Person = { id: number; email: string; first_name: string | null; last_name: string | null };

async function subscribed(person: Person, at: Date, korean: boolean) {
  expect((await app.webhook("customers_email_marketing_consent/update", p.consent(person, "subscribed", at), { at })).status).toBe(200);
  if (!korean) return;
  // The reader's language is learned from their checkout.
  const checkout = p.checkout({ token: `c-notice-${person.id}`, email: person.email, firstName: person.first_name, locale: "ko", customer: person, items: [tea], at: hours(-3), acceptsMarketing: true });
  expect((await app.webhook("checkouts/create", checkout, { at: hours(-3) })).status).toBe(200);
}

const notices = (email: string) => app.db.message.findMany({ where: { shop: SHOP, scenario: "consent-notice", email } });
const mailsTo = (email: string) => app.smtp.received.filter((r) => r.envelopeTo.includes(email)).map((r) => r.mail);

describe("two-yearly consent notice", () => {
  it("is planned once for a reader of Korean whose consent turned two, and for nobody else", async () => {
    await subscribed(seo, yearsAgo(2, 1), true);
    await subscribed(ann, yearsAgo(2, 1), false);
    await subscribed(min, yearsAgo(1), true);

    expect(await runConsentNotices(app.db, NOON)).toEqual({ planned: 1 });
    expect(await runConsentNotices(app.db, hours(1))).toEqual({ planned: 0 });
    expect(await notices(seo.email)).toHaveLength(1);
    expect(await notices(ann.email)).toEqual([]);
    expect(await notices(min.email)).toEqual([]);
  });

  it("tells the date of consent and how to withdraw, in Korean, without (광고), beside a cart reminder the budget already allowed", async () => {
    await app.dispatch(NOON);
    const mails = mailsTo(seo.email);
    expect(mails.map((m) => m.headers.get("x-crm-scenario")).sort()).toEqual(["cart-recovery", "consent-notice"]);
    const notice = mails.find((m) => m.headers.get("x-crm-scenario") === "consent-notice")!;
    expect(notice.subject).toBe("[Demo Coffee Roasters] 광고성 정보 수신동의 현황 안내");
    const consentedOn = new Intl.DateTimeFormat("ko-KR", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }).format(yearsAgo(2, 1));
    expect(String(notice.text)).toContain(`수신동의 일자: ${consentedOn}`);
    expect(String(notice.text)).toMatch(/수신거부하기: https?:\/\/[^\s]+\/unsubscribe\?/);
    expect(String(notice.text)).toContain("무료");

    // The person's timeline shows it.
    const timeline = await personTimeline(app.db, SHOP, seo.email, translator("en"));
    expect(timeline.messages.find((m) => m.scenario === "consent-notice")).toMatchObject({ status: "sent" });
  });

  it("reaches every subscriber once the shop follows the Korean rules, unless the consent was given again since", async () => {
    await app.db.shop.update({ where: { domain: SHOP }, data: { koreanAdRules: true } });
    expect(await runConsentNotices(app.db, hours(2))).toEqual({ planned: 1 });
    // Ann subscribes again before the notice goes: her two years start again.
    expect((await app.webhook("customers_email_marketing_consent/update", p.consent(ann, "subscribed", hours(2.5)), { at: hours(2.5) })).status).toBe(200);
    await app.dispatch(hours(3));
    expect((await notices(ann.email))[0]).toMatchObject({ status: "skipped", reason: "no_longer_relevant", reasonDetail: "consent was given again since: its two years start again" });
    expect(mailsTo(ann.email)).toEqual([]);
    await app.db.shop.update({ where: { domain: SHOP }, data: { koreanAdRules: false } });
  });
});
