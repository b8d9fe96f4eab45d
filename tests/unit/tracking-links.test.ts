import { describe, expect, it } from "vitest";
import { addTracking } from "~/.server/tracking/links";
import { verifyTracking } from "~/.server/tracking/tokens";
import { destinationWithUtm } from "~/.server/tracking/track";

const SECRET = "s3cret";
const t = { appUrl: "https://crm.example/", secret: SECRET, messageId: "msg1", unsubscribeUrl: "https://crm.example/unsubscribe?token=abc" };

function clickTargets(html: string): string[] {
  return [...html.matchAll(/https:\/\/crm\.example\/t\/c\/([\w.-]+)/g)].map((m) => {
    const v = verifyTracking(m[1], SECRET, "click");
    return v.ok && v.claim.kind === "click" ? v.claim.url : "INVALID";
  });
}

describe("tracked links", () => {
  const email = {
    subject: "Hi",
    preheader: "",
    html: `<html><body><a href="https://shop.example/p?a=1&amp;b=2">Shop</a> <a href="mailto:hi@shop.example">Mail</a> <a href="https://crm.example/unsubscribe?token=abc">Unsubscribe</a></body></html>`,
    text: "Shop [https://shop.example/p?a=1&b=2]\nUnsubscribe [https://crm.example/unsubscribe?token=abc]",
  };

  it("sends web links through the click redirect, leaving mailto and unsubscribe alone, and adds an open pixel", () => {
    const { email: out } = addTracking(email, t);
    expect(clickTargets(out.html)).toEqual(["https://shop.example/p?a=1&b=2"]);
    expect(out.html).toContain('href="mailto:hi@shop.example"');
    expect(out.html).toContain('href="https://crm.example/unsubscribe?token=abc"');
    const pixel = /<img src="https:\/\/crm\.example\/t\/o\/([\w.-]+)" width="1" height="1" alt=""/.exec(out.html);
    expect(pixel && verifyTracking(pixel[1], SECRET, "open")).toEqual({ ok: true, claim: { kind: "open", messageId: "msg1" } });
    expect(clickTargets(out.text)).toEqual(["https://shop.example/p?a=1&b=2"]);
    expect(out.text).toContain("https://crm.example/unsubscribe?token=abc");
  });

  it("lists each destination its click tokens lead to once, the list the sent message records", () => {
    const twice = { ...email, html: `${email.html}<a href="https://shop.example/about">About</a>`, text: `${email.text}\nAbout [https://shop.example/about]` };
    const { email: out, links } = addTracking(twice, t);
    expect(links).toEqual(["https://shop.example/p?a=1&b=2", "https://shop.example/about"]);
    expect(new Set([...clickTargets(out.html), ...clickTargets(out.text)])).toEqual(new Set(links));
  });

  it("adds UTM tags and our reference, keeping the merchant's own parameters and utm values", () => {
    const to = new URL(destinationWithUtm("https://shop.example/p?color=red&utm_source=newsletter", { scenario: "cart-recovery", variant: null, step: 1 }, "REF"));
    expect(to.searchParams.get("color")).toBe("red");
    expect(to.searchParams.get("utm_source")).toBe("newsletter");
    expect(to.searchParams.get("utm_medium")).toBe("email");
    expect(to.searchParams.get("utm_campaign")).toBe("cart-recovery");
    expect(to.searchParams.get("utm_content")).toBe("step-1");
    expect(to.searchParams.get("crm_ref")).toBe("REF");
  });
});
