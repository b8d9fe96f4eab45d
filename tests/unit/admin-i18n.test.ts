import { describe, expect, it } from "vitest";
import { SCENARIO_KEYS, SCENARIOS } from "~/domain/scenarios";
import { en } from "~/i18n/en";
import { ko } from "~/i18n/ko";
import { adminLang, DICTIONARIES, interpolate, translator } from "~/i18n";
import { DEFER_REASONS, FAIL_REASONS, SKIP_REASONS } from "~/domain/types";
import { timingWords } from "~/i18n/timing";

describe("admin languages", () => {
  it("has the same keys, none empty, in English and Korean", () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of [...Object.entries(en), ...Object.entries(ko)]) expect(text.trim(), key).not.toBe("");
  });

  it("has a Korean sentence for every reason a message can be skipped or deferred", () => {
    const reasons = ["scenario_off", "no_consent", "ordered_since", "checkout_completed", "not_first_time_buyer", "budget_exhausted", "quiet_hours", "frequency_budget", "holdout"];
    for (const r of reasons) expect(ko[`reason.${r}` as keyof typeof ko]).toMatch(/[가-힣]/);
  });

  it("reads any ko* locale as Korean and everything else as English", () => {
    expect([adminLang("ko"), adminLang("ko-KR"), adminLang("en"), adminLang(null), adminLang("kok")]).toEqual(["ko", "ko", "en", "en", "ko"]);
  });

  it("fills placeholders and leaves a missing one visible", () => {
    expect(interpolate("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });

  it("says each scenario's default timing in words, in both languages", () => {
    const enT = translator("en");
    const koT = translator("ko");
    expect(timingWords("cart-recovery", SCENARIOS["cart-recovery"].defaults, enT)).toBe("1 h and 24 h after checkout started");
    expect(timingWords("cart-recovery", SCENARIOS["cart-recovery"].defaults, koT)).toBe("장바구니 결제 시작 1시간, 24시간 후");
    expect(timingWords("cart-recovery", { ...SCENARIOS["cart-recovery"].defaults, delaysMinutes: [30, 180, 4320] }, enT)).toBe("30 min, 3 h and 3 days after checkout started");
    expect(timingWords("coupon-expiry", SCENARIOS["coupon-expiry"].defaults, enT)).toBe("1 day before a code expires, at 10:00 shop time");
    expect(timingWords("post-delivery", SCENARIOS["post-delivery"].defaults, koT)).toBe("배송 완료 3일 후");
    for (const key of SCENARIO_KEYS) expect(timingWords(key, SCENARIOS[key].defaults, koT)).toMatch(/[가-힣]/);
  });
});

describe("reason sentences", () => {
  it("every skip, defer and fail reason has its own plain sentence in each language", () => {
    const codes = [...new Set([...SKIP_REASONS, ...DEFER_REASONS, ...FAIL_REASONS])];
    for (const [lang, dict] of Object.entries(DICTIONARIES)) {
      const sentences = codes.map((c) => (dict as Record<string, string | undefined>)[`reason.${c}`]);
      expect(sentences.filter((s) => !s), `${lang}: reasons without a sentence`).toEqual([]);
      expect(new Set(sentences).size, lang).toBe(codes.length);
    }
    expect(DICTIONARIES.en["reason.ordered_since"]).toBe("The customer placed an order after the trigger, so the reminder is no longer needed.");
  });
});
