import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { appProxySignature, signAppProxyQuery } from "~/.server/channels/onsite/proxy-signature";
import { timestampProblem } from "~/.server/channels/onsite/verify";

describe("app proxy signature", () => {
  it("matches Shopify's documented example", () => {
    // shopify.dev, "Authenticate app proxies": the example query and secret.
    const query = new URLSearchParams("extra=1&extra=2&shop=shop-name.myshopify.com&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555");
    expect(appProxySignature(query, "hush")).toBe("a9718877bea71c2484f91608a7eaea1532bdf71f5c56825065fa4ccabe549ef3");
    query.set("signature", "a9718877bea71c2484f91608a7eaea1532bdf71f5c56825065fa4ccabe549ef3");
    expect(appProxySignature(query, "hush")).toBe("a9718877bea71c2484f91608a7eaea1532bdf71f5c56825065fa4ccabe549ef3");
  });

  it("signs an empty logged_in_customer_id too, as Shopify does for a logged-out shopper", () => {
    const query = new URLSearchParams("shop=s.myshopify.com&logged_in_customer_id=&timestamp=1");
    const message = "logged_in_customer_id=shop=s.myshopify.comtimestamp=1";
    expect(appProxySignature(query, "k")).toBe(createHmac("sha256", "k").update(message).digest("hex"));
  });

  it("replaces whatever shop or customer the caller put in the query", () => {
    const signed = signAppProxyQuery(
      new URLSearchParams("v=abc&shop=evil.myshopify.com&logged_in_customer_id=9&signature=x"),
      { shop: "demo-shop.myshopify.com", loggedInCustomerId: "", pathPrefix: "/apps/crm", timestamp: new Date("2026-01-01T00:00:00Z") },
      "s",
    );
    expect(signed.getAll("shop")).toEqual(["demo-shop.myshopify.com"]);
    expect(signed.getAll("logged_in_customer_id")).toEqual([""]);
    expect(signed.get("timestamp")).toBe("1767225600");
    expect(signed.get("signature")).toBe(appProxySignature(signed, "s"));
  });
});

describe("signature freshness", () => {
  const now = new Date("2026-01-01T00:10:00Z");
  const at = (secondsAgo: number) => String(now.getTime() / 1000 - secondsAgo);
  it("accepts a fresh timestamp and refuses a stale, future or missing one", () => {
    expect(timestampProblem(at(10), now)).toBeNull();
    expect(timestampProblem(at(299), now)).toBeNull();
    expect(timestampProblem(at(301), now)).toBe("stale signature");
    expect(timestampProblem(at(-120), now)).toBe("timestamp in the future");
    expect(timestampProblem(null, now)).toMatch(/missing/);
    expect(timestampProblem("soon", now)).toMatch(/malformed/);
  });
});
