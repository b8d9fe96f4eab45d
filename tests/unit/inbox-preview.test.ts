import { describe, expect, it } from "vitest";
import { displayWidth, inboxLine, truncateTo } from "~/domain/inbox-preview";

describe("the inbox line", () => {
  it("counts Hangul as two narrow characters", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("(광고) 쿠폰")).toBe(11);
  });

  it("cuts at the width with an ellipsis, and leaves short text alone", () => {
    expect(truncateTo("Short", 10)).toEqual({ text: "Short", cut: false });
    expect(truncateTo("A subject that is far too long", 12)).toEqual({ text: "A subject t…", cut: true });
    expect(displayWidth(truncateTo("장바구니에 담아 둔 상품이 기다리고 있어요", 20).text)).toBeLessThanOrEqual(20);
  });

  it("shares Gmail's desktop line between subject and preheader", () => {
    const line = inboxLine("gmail-desktop", { sender: "Demo Coffee", subject: "x".repeat(100), preheader: "Your picks are waiting" });
    expect(line.subjectCut).toBe(false);
    expect(line.preheader.length).toBeLessThan(10);
    expect(line.preheaderCut).toBe(true);
  });

  it("cuts a phone's subject sooner than the desktop's", () => {
    const email = { sender: "Demo Coffee Roasters", subject: "Welcome to Demo Coffee Roasters: 10% off your first order", preheader: "Your code WELCOME-7KQ2 works until March 14." };
    expect(inboxLine("apple-phone", email).subjectCut).toBe(true);
    expect(inboxLine("apple-desktop", email).subjectCut).toBe(true);
    expect(inboxLine("gmail-desktop", email).subjectCut).toBe(false);
    expect(inboxLine("apple-desktop", email).preheaderCut).toBe(false);
  });
});
