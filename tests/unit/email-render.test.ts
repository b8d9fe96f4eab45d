import { describe, expect, it } from "vitest";
import { renderEmail, type RenderInput, type ShopIdentity } from "~/.server/channels/email/render";
import { discountUrl, EMAIL_SCENARIOS, formatEndsAt, formatMoney, sampleVars, type EmailScenarioKey, type TemplateVars } from "~/.server/channels/email/variables";
import { TEST_SHOP } from "../support/shop-identity";

const UNSUBSCRIBE = "https://crm.example/unsubscribe?token=abc.def";

const shop: ShopIdentity = TEST_SHOP;

function input(scenario: EmailScenarioKey, locale: string, patch: Partial<RenderInput> = {}, vars?: TemplateVars): RenderInput {
  return { scenario, locale, template: null, vars: vars ?? sampleVars(scenario, locale), shop, unsubscribeUrl: UNSUBSCRIBE, ...patch };
}

function withFirstName(scenario: EmailScenarioKey, locale: string, firstName: string | null): TemplateVars {
  const vars = sampleVars(scenario, locale);
  return { ...vars, customer: { ...vars.customer, first_name: firstName } };
}

/** The plain-text part wraps at 78 columns; compare as a reader reads it. */
async function rendered(i: RenderInput) {
  const result = await renderEmail(i);
  if (!result.ok) throw new Error(`expected a rendered email, got: ${result.error}`);
  return { ...result.email, text: result.email.text.replace(/\s+/g, " ") };
}

describe("renderEmail", () => {
  it("shows a hostile first name as text, never as markup", async () => {
    const hostile = "<script>alert(1)</script>";
    const template = {
      subject: `{{ customer.first_name | default: "there" }}, your cart is waiting`,
      preheader: `Hi {{ customer.first_name | default: "there" }}`,
      body: `<p>Hi {{ customer.first_name | default: "there" }}</p><p><a href="{{ checkout.url }}">Back to cart</a></p>`,
    };
    const email = await rendered(input("cart-recovery", "en", { template }, withFirstName("cart-recovery", "en", hostile)));
    expect(email.html).not.toContain(hostile);
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    // The subject is a plain-text header: the name appears literally, as the shopper typed it.
    expect(email.subject).toBe(`${hostile}, your cart is waiting`);
    expect(email.text).toContain(`Hi ${hostile}`);
  });

  it("keeps a name with line breaks from breaking the subject into several lines", async () => {
    const template = { subject: `Hi {{ customer.first_name | default: "there" }}`, preheader: "", body: "<p>x</p>" };
    const email = await rendered(input("welcome", "en", { template }, withFirstName("welcome", "en", "Eve\r\nBcc: attacker@example.com")));
    expect(email.subject).toBe("Hi Eve Bcc: attacker@example.com");
    expect(email.subject).not.toMatch(/[\r\n]/);
  });

  it("greets a customer without a first name with the fallback, never 'Hi ,'", async () => {
    const en = await rendered(input("welcome", "en", {}, withFirstName("welcome", "en", null)));
    expect(en.html).toContain("Hi there,");
    expect(en.text).toContain("Hi there,");
    expect(en.html).not.toMatch(/Hi\s*,/);
    const ko = await rendered(input("welcome", "ko", {}, withFirstName("welcome", "ko", null)));
    expect(ko.html).toContain("고객님, 안녕하세요!");
    expect(ko.text).not.toMatch(/(^|\s)님/);
  });

  it("produces an HTML part and a plain-text part with links kept", async () => {
    const vars = sampleVars("cart-recovery", "en");
    const email = await rendered(input("cart-recovery", "en", {}, vars));
    expect(email.html).toMatch(/^<!doctype html>/i);
    expect(email.html).toContain(`href="${vars.checkout!.url}"`);
    expect(email.text).toContain(`Complete your order [${vars.checkout!.url}]`);
    // A line's price is for one item, and says so.
    expect(email.text).toContain(`Ethiopia Yirgacheffe beans [${vars.checkout!.items[0].url}] 250 g Qty 1 · $16.00 each`);
    expect(email.text).toContain(`Paper filters [${vars.checkout!.items[1].url}] Qty 2 · $4.50 each`);
    expect(email.text).not.toContain("data:image");
    expect(email.text).not.toContain("<");
    expect(email.text).toContain(`Unsubscribe [${UNSUBSCRIBE}]`);
    expect(email.html).toContain(email.preheader);
  });

  it("puts why, how to stop, the postal address and the sender in the footer", async () => {
    const email = await rendered(input("welcome", "en"));
    expect(email.text).toContain("because you signed up for emails from Demo Coffee Roasters");
    expect(email.html).toContain(`href="${UNSUBSCRIBE}"`);
    expect(email.text).toContain(shop.postalAddress);
    expect(email.text).toContain("Sent by Demo Coffee Team");
  });

  it("renders every default template in English and Korean", async () => {
    for (const scenario of EMAIL_SCENARIOS) {
      for (const locale of ["en", "ko", "ko-KR", "fr"]) {
        const email = await rendered(input(scenario, locale));
        expect(email.subject.length).toBeGreaterThan(5);
        expect(email.text).not.toMatch(/\{\{|\{%/);
        const korean = locale.startsWith("ko");
        expect(/[가-힣]/.test(email.subject)).toBe(korean);
        expect(email.text).toContain(korean ? "수신거부" : "Unsubscribe");
      }
    }
  });

  it("renders the win-back's later steps as their own emails: the offer with its code, the last one with a one-click stop", async () => {
    const offer = await rendered({ ...input("win-back", "en", { step: 1 }, sampleVars("win-back#1", "en")) });
    expect(offer.subject).toBe("15% off to welcome you back to Demo Coffee Roasters");
    expect(offer.text).toContain("MISSYOU-3HT6");
    for (const locale of ["en", "ko"]) {
      const last = await rendered(input("win-back", locale, { step: 2 }));
      expect(last.html).toContain(`href="${UNSUBSCRIBE.replace("&", "&amp;")}"`);
      expect(last.text).toContain(locale === "ko" ? "아니요, 그만 받을게요" : "No, stop these emails");
    }
    // The offer without its code is refused, never sent with a hole.
    expect(await renderEmail(input("win-back", "en", { step: 1 }))).toEqual({ ok: false, error: "missing values for coupon.code, coupon.value, coupon.ends_at, coupon.url" });
  });

  it("under Korean advertising rules starts the subject with (광고) and discloses sender, contact and free opt-out", async () => {
    for (const locale of ["ko", "en"]) {
      const email = await rendered(input("coupon-expiry", locale, { shop: { ...shop, koreanAdRules: true } }));
      expect(email.subject.startsWith("(광고) ")).toBe(true);
      expect(email.text).toContain("발신자: Demo Coffee Team");
      expect(email.text).toContain("연락처: +1 207 555 0100");
      expect(email.text).toContain(`수신거부 [${UNSUBSCRIBE}]`);
      expect(email.text).toContain("무료");
    }
  });

  it("puts (광고) in front of a Korean email from a shop outside Korea, but not of an English one without the setting", async () => {
    const korean = await rendered(input("welcome", "ko-KR"));
    expect(korean.subject).toBe("(광고) 하루커피에 오신 걸 환영해요! 첫 주문 10% 할인 쿠폰");
    expect(korean.text).toContain("발신자: Demo Coffee Team · 연락처: +1 207 555 0100");
    const english = await rendered(input("welcome", "en"));
    expect(english.subject).toBe("Welcome to Demo Coffee Roasters: 10% off your first order");
    expect(english.text).not.toContain("발신자");
  });

  it("never doubles (광고): a stored subject with the old condition or a typed prefix gets exactly one", async () => {
    const body = "<p>{{ coupon.code }}</p>";
    const subjects = [
      "{% if shop.korean_ad_rules %}(광고) {% endif %}쿠폰이 곧 만료돼요",
      "(광고) 쿠폰이 곧 만료돼요",
      "(광고)(광고) 쿠폰이 곧 만료돼요",
      "쿠폰이 곧 만료돼요",
    ];
    for (const subject of subjects) {
      const email = await rendered(input("coupon-expiry", "ko", { template: { subject, preheader: "", body } }));
      expect(email.subject).toBe("(광고) 쿠폰이 곧 만료돼요");
    }
    // Outside the rules the old condition renders nothing, as before.
    const english = await rendered(input("coupon-expiry", "en", { template: { subject: "{% if shop.korean_ad_rules %}(광고) {% endif %}Last chance", preheader: "", body } }));
    expect(english.subject).toBe("Last chance");
  });

  it("shows the Korean rules' contact only when it is not the sending address, else the postal address", async () => {
    const noReply = { ...shop, contact: shop.senderEmail };
    for (const identity of [noReply, { ...shop, contact: null }]) {
      const email = await rendered(input("welcome", "ko", { shop: identity }));
      expect(email.text).toContain(`발신자: Demo Coffee Team · 주소: ${shop.postalAddress}`);
      expect(email.text).not.toContain(shop.senderEmail);
    }
  });

  it("refuses a stored template that shows coupon.percent_off for a fixed-amount code, and sends coupon.value", async () => {
    const vars = sampleVars("coupon-expiry", "ko");
    const fixed = { ...vars, coupon: { ...vars.coupon!, value: "3,000원", percent_off: null } };
    const percent = { subject: "{{ coupon.percent_off }}% 할인", preheader: "", body: "<p>{{ coupon.code }}</p>" };
    const refused = await renderEmail(input("coupon-expiry", "ko", { template: percent }, fixed));
    expect(refused).toEqual({ ok: false, error: expect.stringContaining("coupon.value") });
    const email = await rendered(input("coupon-expiry", "ko", {}, fixed));
    expect(email.subject).toBe("(광고) 3,000원 할인 쿠폰이 곧 끝나요");
    expect(email.html).toContain('href="https://haru-coffee.example/discount/WELCOME-7KQ2?redirect=/"');
    expect(email.text).toContain("3월 15일(일) 23:59까지 쓸 수 있어요");
  });

  it("refuses a stored template that prints an optional value without a fallback", async () => {
    const template = { subject: "Hi {{ customer.first_name }}", preheader: "", body: "<p>x</p>" };
    const result = await renderEmail(input("welcome", "en", { template }, withFirstName("welcome", "en", null)));
    expect(result.ok).toBe(false);
  });

  it("marks a test send in the subject", async () => {
    const email = await rendered(input("post-delivery", "en", { test: true, shop: { ...shop, koreanAdRules: true } }));
    expect(email.subject).toMatch(/^\[TEST\] \(광고\) How is your order #1001\?$/);
  });

  it("refuses to render when a value the scenario needs is missing", async () => {
    const { checkout: _checkout, ...vars } = sampleVars("cart-recovery", "en");
    const result = await renderEmail(input("cart-recovery", "en", {}, vars));
    expect(result).toEqual({ ok: false, error: expect.stringContaining("checkout.url") });
  });

  it("returns a rendering failure as a value", async () => {
    const template = { subject: "Hi", preheader: "", body: "{% for i in (1..100000000) %}{{ i }}{% endfor %}" };
    const result = await renderEmail(input("welcome", "en", { template }));
    expect(result.ok).toBe(false);
  });
});

describe("money and dates as the reader says them", () => {
  it("reads Korean won after the amount, never with decimals, and keeps dollars as dollars", () => {
    expect(formatMoney(2_700_000, "KRW", "ko")).toBe("27,000원");
    expect(formatMoney(2_700_000, "KRW", "ko-KR")).toBe("27,000원");
    expect(formatMoney(2_700_000, "KRW", "en")).toBe("₩27,000");
    expect(formatMoney(1600, "USD", "en")).toBe("$16.00");
    // Without a currency a whole amount has no ".00"; a fractional one keeps its cents.
    expect(formatMoney(2_700_000, null, "ko")).toBe("27,000");
    expect(formatMoney(450, null, "en")).toBe("4.50");
  });

  it("says when a code ends with the weekday, at 23:59 shop time", () => {
    // 23:59:59 on Saturday, March 14, 2026 in Seoul.
    const end = new Date("2026-03-14T14:59:59Z");
    expect(formatEndsAt(end, "ko", "Asia/Seoul")).toBe("3월 14일(토) 23:59");
    expect(formatEndsAt(end, "en", "Asia/Seoul")).toBe("11:59 PM, Sat, March 14");
    // The same instant is still Saturday morning in New York: the shop's zone decides.
    expect(formatEndsAt(end, "en", "America/New_York")).toBe("10:59 AM, Sat, March 14");
  });

  it("links to Shopify's discount path, with the code encoded", () => {
    expect(discountUrl("https://shop.example/", "WELCOME-7KQ2")).toBe("https://shop.example/discount/WELCOME-7KQ2?redirect=/");
    expect(discountUrl("https://shop.example", "A B/&")).toBe("https://shop.example/discount/A%20B%2F%26?redirect=/");
  });
});
