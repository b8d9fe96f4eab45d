import { describe, expect, it } from "vitest";
import { defaultTemplate, pickStoredTemplate, type EmailTemplate } from "~/.server/channels/email/templates";
import { validateTemplate, type ValidationResult } from "~/.server/channels/email/validate";
import { EMAIL_SCENARIOS, STEP_TEMPLATES } from "~/.server/channels/email/variables";

const OFF = { koreanAdRules: false };

function template(patch: Partial<EmailTemplate>): EmailTemplate {
  return { subject: "Your code {{ coupon.code }}", preheader: "", body: "<p>{{ coupon.code }}</p>", ...patch };
}

function messages(result: ValidationResult): string[] {
  return result.ok ? [] : result.errors.map((e) => `${e.field}: ${e.message}`);
}

describe("validateTemplate", () => {
  it("accepts every default template, in every language, with and without the Korean rules", () => {
    for (const scenario of [...EMAIL_SCENARIOS, ...STEP_TEMPLATES]) {
      for (const locale of ["en", "ko"]) {
        for (const koreanAdRules of [false, true]) {
          expect(messages(validateTemplate(scenario, defaultTemplate(scenario, locale), { koreanAdRules, locale }))).toEqual([]);
        }
      }
    }
  });

  it("refuses a variable the scenario does not have, naming it and listing what is available", () => {
    const result = validateTemplate("welcome", template({ body: "<p>{{ checkout.url }}</p>" }), OFF);
    expect(result.ok).toBe(false);
    const [error] = result.ok ? [] : result.errors;
    expect(error.field).toBe("body");
    expect(error.message).toContain('"checkout.url"');
    expect(error.message).toContain("coupon.code");
    expect(error.message).toContain("customer.first_name");
  });

  it("refuses an optional value printed without a fallback and shows the fix", () => {
    const en = validateTemplate("welcome", template({ subject: "Hi {{ customer.first_name }}" }), OFF);
    expect(messages(en)).toEqual([expect.stringContaining(`{{ customer.first_name | default: "there" }}`)]);
    const ko = validateTemplate("welcome", template({ body: "<p>{{ customer.first_name | upcase }}님</p>" }), { ...OFF, locale: "ko" });
    expect(messages(ko)).toEqual([expect.stringContaining(`{{ customer.first_name | default: "고객" }}`)]);
  });

  it("accepts an optional value with a fallback, and loop variables inside a for loop", () => {
    const body = `<p>{{ customer.first_name | default: "there" }}</p>
<ul>{% for item in checkout.items %}<li>{{ item.title }} × {{ item.quantity }}{% if forloop.last %}.{% endif %}</li>{% endfor %}</ul>
<p>{{ checkout.items.size }} items</p>`;
    const result = validateTemplate("cart-recovery", { subject: "Your cart at {{ shop.name }}", preheader: "", body }, OFF);
    expect(messages(result)).toEqual([]);
  });

  it("refuses Liquid syntax errors, field by field", () => {
    const result = validateTemplate("welcome", template({ subject: "Hi {% if coupon.code %}", preheader: "{{ coupon.code" }), OFF);
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(["subject", "preheader"]);
    expect(messages(result)[0]).toContain("syntax error");
  });

  it("refuses unknown filters, including raw (customer text is always escaped)", () => {
    expect(messages(validateTemplate("welcome", template({ body: "{{ coupon.code | shout }}" }), OFF))).toEqual([
      expect.stringContaining('Unknown filter "shout"'),
    ]);
    expect(messages(validateTemplate("welcome", template({ body: "{{ coupon.code | raw }}" }), OFF))).toEqual([
      expect.stringContaining('Unknown filter "raw"'),
    ]);
  });

  it("refuses includes and script tags", () => {
    expect(validateTemplate("welcome", template({ body: "{% include 'footer' %}" }), OFF).ok).toBe(false);
    expect(validateTemplate("welcome", template({ body: "<p>x</p><script>steal()</script>" }), OFF).ok).toBe(false);
  });

  it("never asks the merchant to type (광고): the renderer adds it", () => {
    const plain = template({ subject: "Your code {{ coupon.code }}" });
    expect(validateTemplate("welcome", plain, { koreanAdRules: true }).ok).toBe(true);
    expect(validateTemplate("welcome", plain, OFF).ok).toBe(true);
    expect(validateTemplate("welcome", template({ subject: "(광고) Your code {{ coupon.code }}" }), { koreanAdRules: true }).ok).toBe(true);
  });

  it("shows no (광고) condition in any default subject", () => {
    for (const scenario of [...EMAIL_SCENARIOS, ...STEP_TEMPLATES]) {
      for (const locale of ["en", "ko"]) expect(defaultTemplate(scenario, locale).subject).not.toMatch(/광고|korean_ad_rules/);
    }
  });

  it("refuses a template that cannot finish rendering", () => {
    const body = "{% for i in (1..100000) %}{% for j in (1..100000) %}x{% endfor %}{% endfor %}";
    expect(validateTemplate("welcome", template({ body }), OFF).ok).toBe(false);
  });
});

describe("pickStoredTemplate", () => {
  it("prefers the exact locale, then the same language, else none", () => {
    const ko = template({ subject: "(광고) 코드 {{ coupon.code }}" });
    const en = template({ subject: "Code {{ coupon.code }}" });
    expect(pickStoredTemplate({ ko, en }, "ko-KR")).toEqual(ko);
    expect(pickStoredTemplate({ en }, "en-GB")).toEqual(en);
    expect(pickStoredTemplate({ en }, "ko")).toBeNull();
    expect(pickStoredTemplate({ ko: { subject: 1 } }, "ko")).toBeNull();
  });
});
