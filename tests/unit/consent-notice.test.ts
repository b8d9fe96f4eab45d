import { describe, expect, it } from "vitest";
import { addYears, consentWindows, noticeApplies, noticeDue, noticeKey } from "~/domain/consent-notice";

const at = (iso: string) => new Date(iso);

describe("the two-yearly consent notice", () => {
  it("is due on each second anniversary of the consent, the latest one only", () => {
    const consent = at("2022-03-14T09:30:00Z");
    expect(noticeDue(consent, at("2024-03-14T09:29:59Z"))).toBeNull();
    expect(noticeDue(consent, at("2024-03-14T09:30:00Z"))).toEqual({ period: 1, dueAt: at("2024-03-14T09:30:00Z") });
    expect(noticeDue(consent, at("2026-12-06T00:00:00Z"))).toEqual({ period: 2, dueAt: at("2026-03-14T09:30:00Z") });
    expect(addYears(at("2024-02-29T12:00:00Z"), 2)).toEqual(at("2026-03-01T12:00:00Z"));
  });

  it("looks only at consents whose anniversary fell in the last month", () => {
    const now = at("2026-12-06T12:00:00Z");
    const [first, second] = consentWindows(now);
    expect(first).toEqual({ period: 1, from: at("2024-11-06T12:00:00Z"), to: at("2024-12-06T12:00:00Z") });
    expect(second).toEqual({ period: 2, from: at("2022-11-06T12:00:00Z"), to: at("2022-12-06T12:00:00Z") });
  });

  it("is owed by a shop under Korean rules to everyone, elsewhere to readers of Korean", () => {
    expect(noticeApplies(true, "en")).toBe(true);
    expect(noticeApplies(false, "ko-KR")).toBe(true);
    expect(noticeApplies(false, null)).toBe(false);
    expect(noticeKey("s.myshopify.com", "7", at("2024-01-01T00:00:00Z"), 1)).toBe("s.myshopify.com:consent-notice:customer:7:consented:2024-01-01T00:00:00.000Z:1");
  });
});
