import { describe, expect, it } from "vitest";
import { consentReceipt } from "~/.server/compliance/consent-receipt";

// 15:02 on March 14, 2026 in Seoul.
const AT = new Date("2026-03-14T06:02:00Z");

describe("the receipt of a consent change (art. 50(7))", () => {
  it("tells a Korean reader the sender, the date in the shop's time zone and the result", () => {
    const receipt = consentReceipt({ locale: "ko-KR", sender: "하루커피", at: AT, timeZone: "Asia/Seoul", change: "unsubscribed" });
    expect(receipt).toEqual({
      lang: "ko",
      rows: [
        ["보낸 곳", "하루커피"],
        ["처리 일시", "2026년 3월 14일 15:02 (GMT+9)"],
        ["처리 결과", "수신거부 처리되었어요"],
      ],
    });
  });

  it("tells an English reader the same, for a subscription confirmed in a shop elsewhere", () => {
    const receipt = consentReceipt({ locale: "en", sender: "Demo Coffee Team", at: AT, timeZone: "America/New_York", change: "subscribed" });
    expect(receipt.rows).toEqual([
      ["Sender", "Demo Coffee Team"],
      ["Date", "March 14, 2026 at 2:02 AM (GMT-4)"],
      ["Result", "You have been subscribed"],
    ]);
    const unsubscribed = consentReceipt({ locale: null, sender: "Demo", at: AT, timeZone: "UTC", change: "unsubscribed" });
    expect(unsubscribed.rows[2]).toEqual(["Result", "You have been unsubscribed"]);
  });
});
