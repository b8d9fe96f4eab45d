import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { appProxySignature, signAppProxyQuery } from "~/.server/channels/onsite/proxy-signature";
import { createRateLimiter } from "~/.server/channels/onsite/rate-limit";
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

describe("rate limit", () => {
  const t0 = new Date("2026-01-01T00:00:00Z");
  const later = (ms: number) => new Date(t0.getTime() + ms);
  it("allows the limit within a minute, refuses the next, and recovers as the window slides", () => {
    const limiter = createRateLimiter();
    const keys = [{ key: "v:a", limit: 3 }];
    expect([0, 1, 2, 3].map((i) => limiter.allow(keys, later(i * 1000)))).toEqual([true, true, true, false]);
    expect(limiter.allow(keys, later(60_500))).toBe(false);
    expect(limiter.allow(keys, later(63_500))).toBe(true);
  });

  it("counts each visitor separately but refuses when their shared IP is over its limit", () => {
    const limiter = createRateLimiter();
    const ask = (v: string) => limiter.allow([{ key: `v:${v}`, limit: 2 }, { key: "ip:1.2.3.4", limit: 3 }], t0);
    expect([ask("a"), ask("a"), ask("a"), ask("b")]).toEqual([true, true, false, false]);
    expect(limiter.allow([{ key: "v:c", limit: 2 }], t0)).toBe(true);
  });
});
