// Every signed token the app hands out refuses what an attacker can make of one: any truncation, any
// flipped character, a token of another family or kind, and a replay onto another message or shop.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appProxySignature } from "~/.server/channels/onsite/proxy-signature";
import { derivedKey } from "~/.server/security/keys";
import { signTracking, verifyTracking, type TrackingClaim } from "~/.server/tracking/tokens";
import { trackClick, trackOpen } from "~/.server/tracking/track";
import { signUnsubscribeToken, unsubscribeWithToken, verifyUnsubscribeToken } from "~/.server/tracking/unsubscribe";
import { DEMO_SHOP as SHOP, installDemoShop } from "~/.server/shops";
import { createTestDb, type TestDb } from "../support/db";

const SECRET = "token-secret";
const T = new Date("2026-03-10T12:00:00Z");
const URL_A = "https://demo-shop.example/products/beans";

const claims: TrackingClaim[] = [
  { kind: "open", messageId: "m-a" },
  { kind: "click", messageId: "m-a", url: URL_A },
  { kind: "ref", messageId: "m-a" },
];
const unsubscribeToken = signUnsubscribeToken({ shop: SHOP, email: "a@example.com", messageKey: `${SHOP}:welcome:customer:a:0` }, SECRET);

/** Every proper prefix, and the token with each character replaced by another base64url character. */
function mutations(token: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < token.length; i++) out.push(token.slice(0, i));
  for (let i = 0; i < token.length; i++) {
    const swap = token[i] === "A" ? "B" : "A";
    if (token[i] !== ".") out.push(token.slice(0, i) + swap + token.slice(i + 1));
  }
  return out;
}

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await installDemoShop(t.db, T);
  for (const id of ["m-a", "m-b"]) {
    await t.db.message.create({
      data: { id, key: `${SHOP}:welcome:customer:${id}:0`, shop: SHOP, scenario: "welcome", step: 0, about: `customer:${id}`, email: `${id}@example.com`, triggeredAt: T, runAt: T, status: "sent", sentAt: T },
    });
  }
});
afterAll(() => t.close());

describe("tracking tokens", () => {
  it("refuse every truncation and every changed character, of every kind", () => {
    for (const claim of claims) {
      const token = signTracking(claim, SECRET);
      expect(verifyTracking(token, SECRET, claim.kind).ok).toBe(true);
      const accepted = mutations(token).filter((m) => verifyTracking(m, SECRET, claim.kind).ok);
      // base64url's last character can carry unused bits: a change there may decode to the same MAC.
      expect(accepted.every((m) => Buffer.from(m.split(".")[1] ?? "", "base64url").equals(Buffer.from(token.split(".")[1], "base64url")))).toBe(true);
    }
  });

  it("refuse a token of one kind used as another, and an unsubscribe token used as any", () => {
    for (const claim of claims) {
      for (const other of claims.filter((c) => c.kind !== claim.kind)) {
        expect(verifyTracking(signTracking(claim, SECRET), SECRET, other.kind)).toMatchObject({ ok: false });
      }
      expect(verifyTracking(unsubscribeToken, SECRET, claim.kind)).toMatchObject({ ok: false, reason: "bad signature" });
    }
  });

  it("count a replayed open once, and never on another message", async () => {
    const open = signTracking({ kind: "open", messageId: "m-a" }, SECRET);
    await trackOpen(t.db, open, SECRET, T);
    await trackOpen(t.db, open, SECRET, new Date(T.getTime() + 60_000));
    const [body, mac] = open.split(".");
    const ontoB = `${Buffer.from(JSON.stringify({ k: "o", m: "m-b" })).toString("base64url")}.${mac}`;
    expect(body).not.toBe(ontoB.split(".")[0]);
    expect(await trackOpen(t.db, ontoB, SECRET, T)).toMatchObject({ ok: false });
    expect(await trackClick(t.db, signTracking({ kind: "ref", messageId: "m-a" }, SECRET), SECRET, T)).toMatchObject({ ok: false });
    const events = await t.db.messageEvent.findMany({ select: { messageId: true, type: true } });
    expect(events).toEqual([{ messageId: "m-a", type: "open" }]);
  });
});

describe("unsubscribe tokens", () => {
  it("refuse every truncation and every changed character", () => {
    const accepted = mutations(unsubscribeToken).filter((m) => verifyUnsubscribeToken(m, SECRET).ok);
    expect(accepted.every((m) => m.split(".")[0] === unsubscribeToken.split(".")[0])).toBe(true);
  });

  it("refuse a tracking token of any kind", () => {
    for (const claim of claims) expect(verifyUnsubscribeToken(signTracking(claim, SECRET), SECRET)).toMatchObject({ ok: false, reason: "bad signature" });
  });

  it("cannot be moved onto another shop or address, and a replay changes nothing", async () => {
    const [, mac] = unsubscribeToken.split(".");
    for (const change of [{ s: "other-shop.myshopify.com", e: "a@example.com" }, { s: SHOP, e: "m-b@example.com" }]) {
      const moved = `${Buffer.from(JSON.stringify({ ...change, k: `${SHOP}:welcome:customer:a:0` })).toString("base64url")}.${mac}`;
      expect(await unsubscribeWithToken(t.db, moved, SECRET, T)).toMatchObject({ ok: false });
    }
    expect(await t.db.suppression.count()).toBe(0);
    expect(await unsubscribeWithToken(t.db, unsubscribeToken, SECRET, T)).toMatchObject({ ok: true, alreadyUnsubscribed: false });
    expect(await unsubscribeWithToken(t.db, unsubscribeToken, SECRET, T)).toMatchObject({ ok: true, alreadyUnsubscribed: true });
    expect(await t.db.suppression.findMany({ select: { email: true } })).toEqual([{ email: "a@example.com" }]);
  });
});

/** Tokens as they were signed before each kind had its own key: HMAC-SHA256 under the raw app secret. */
const legacy = {
  tracking(claim: TrackingClaim): string {
    const data: Record<string, string> = { k: claim.kind[0], m: claim.messageId, ...(claim.kind === "click" ? { u: claim.url } : {}) };
    const body = Buffer.from(JSON.stringify(data)).toString("base64url");
    return `${body}.${createHmac("sha256", SECRET).update(`crm-tracking-v1:${body}`).digest().subarray(0, 16).toString("base64url")}`;
  },
  unsubscribe(p: { shop: string; email: string; messageKey: string }): string {
    const body = Buffer.from(JSON.stringify({ s: p.shop, e: p.email, k: p.messageKey })).toString("base64url");
    return `${body}.${createHmac("sha256", SECRET).update(body).digest("base64url")}`;
  },
};

/** The same body, signed the same way, with another kind's key (or the raw secret). */
function resigned(token: string, key: Buffer | string, bytes: number): string {
  const [body] = token.split(".");
  return `${body}.${createHmac("sha256", key).update(body).digest().subarray(0, bytes).toString("base64url")}`;
}

describe("a key of its own per kind of token (HKDF from the app secret)", () => {
  const purposes = ["tracking", "storefront-ref", "unsubscribe", "offer-token", "signup-confirm", "session-encryption"] as const;

  it("derives a different key for every purpose, none of them the secret itself", () => {
    const keys = purposes.map((p) => derivedKey(SECRET, p).toString("hex"));
    expect(new Set([...keys, Buffer.from(SECRET).toString("hex")]).size).toBe(purposes.length + 1);
  });

  it("refuses a token of one kind signed with another kind's key", () => {
    const others = (own: (typeof purposes)[number]) => purposes.filter((p) => p !== own).map((p) => derivedKey(SECRET, p));
    for (const claim of claims) {
      const own = claim.kind === "ref" ? "storefront-ref" : "tracking";
      const token = signTracking(claim, SECRET);
      expect(token).toBe(resigned(token, derivedKey(SECRET, own), 16));
      for (const key of others(own)) expect(verifyTracking(resigned(token, key, 16), SECRET, claim.kind)).toMatchObject({ ok: false, reason: "bad signature" });
    }
    expect(unsubscribeToken).toBe(resigned(unsubscribeToken, derivedKey(SECRET, "unsubscribe"), 32));
    for (const key of others("unsubscribe")) expect(verifyUnsubscribeToken(resigned(unsubscribeToken, key, 32), SECRET)).toMatchObject({ ok: false, reason: "bad signature" });
  });

  it("gives a shopper holding an unsubscribe link nothing that passes for a Shopify webhook signature", () => {
    // Shopify signs a webhook with base64 HMAC-SHA256 of the raw body under the app secret.
    const [body, mac] = unsubscribeToken.split(".");
    expect(createHmac("sha256", SECRET).update(body).digest("base64")).not.toBe(Buffer.from(mac, "base64url").toString("base64"));
  });

  it("issues no token that verifies under the raw secret", () => {
    for (const claim of claims) {
      const [body, mac] = signTracking(claim, SECRET).split(".");
      expect(createHmac("sha256", SECRET).update(`crm-tracking-v1:${body}`).digest().subarray(0, 16).toString("base64url")).not.toBe(mac);
      expect(createHmac("sha256", SECRET).update(body).digest().subarray(0, 16).toString("base64url")).not.toBe(mac);
    }
    const [body, mac] = unsubscribeToken.split(".");
    expect(createHmac("sha256", SECRET).update(body).digest("base64url")).not.toBe(mac);
  });

  it("still accepts open, click and unsubscribe links signed the old way, which sit in delivered emails", async () => {
    for (const claim of claims.filter((c) => c.kind !== "ref")) {
      expect(verifyTracking(legacy.tracking(claim), SECRET, claim.kind)).toEqual({ ok: true, claim });
    }
    // A storefront reference is minted at each click and lives for one browser session: no old ones to honour.
    expect(verifyTracking(legacy.tracking({ kind: "ref", messageId: "m-a" }), SECRET, "ref")).toMatchObject({ ok: false });
    const click = await trackClick(t.db, legacy.tracking({ kind: "click", messageId: "m-b", url: URL_A }), SECRET, T);
    expect(click).toMatchObject({ ok: true, recorded: true });
    // The reference handed on is signed the new way.
    const ref = click.ok ? new URL(click.location).searchParams.get("crm_ref") : null;
    expect(verifyTracking(ref, SECRET, "ref")).toEqual({ ok: true, claim: { kind: "ref", messageId: "m-b" } });

    const old = { shop: SHOP, email: "m-b@example.com", messageKey: `${SHOP}:welcome:customer:m-b:0` };
    expect(verifyUnsubscribeToken(legacy.unsubscribe(old), SECRET)).toEqual({ ok: true, payload: old });
    expect(await unsubscribeWithToken(t.db, legacy.unsubscribe(old), SECRET, T)).toMatchObject({ ok: true, alreadyUnsubscribed: false });
    expect(await t.db.suppression.count({ where: { email: old.email } })).toBe(1);
    // The old scheme is accepted, not a neighbour of it: another secret's old-style token stays refused.
    const [body] = legacy.unsubscribe(old).split(".");
    expect(verifyUnsubscribeToken(`${body}.${createHmac("sha256", "guessed-secret").update(body).digest("base64url")}`, SECRET)).toMatchObject({ ok: false });
  });
});

describe("app proxy signatures", () => {
  const query = new URLSearchParams({ shop: SHOP, logged_in_customer_id: "", path_prefix: "/apps/crm", timestamp: "1773144000", v: "visitor-1" });
  const signature = appProxySignature(query, SECRET);

  it("change with every parameter, and a truncated or foreign MAC never matches", () => {
    for (const [key, value] of [["shop", "other.myshopify.com"], ["logged_in_customer_id", "7001"], ["timestamp", "1773144001"], ["v", "visitor-2"]]) {
      const changed = new URLSearchParams(query);
      changed.set(key, value);
      expect(appProxySignature(changed, SECRET)).not.toBe(signature);
    }
    const candidates = [
      signature.slice(0, 32),
      signature.toUpperCase(),
      appProxySignature(query, "guessed-secret"),
      createHmac("sha256", SECRET).update(query.toString()).digest("hex"),
      unsubscribeToken.split(".")[1],
    ];
    for (const candidate of candidates) expect(candidate).not.toBe(signature);
  });

  it("cannot be made to sign a token body: a signed query always contains '='", () => {
    // Unsubscribe links signed before keys were derived (still accepted) are MACs under the raw secret,
    // as proxy signatures are; they cover base64url text, which never holds '=', and any proxy message
    // holds 'key=value'.
    const old = legacy.unsubscribe({ shop: SHOP, email: "a@example.com", messageKey: `${SHOP}:welcome:customer:a:0` });
    const [body, mac] = old.split(".");
    expect(body).not.toContain("=");
    const asQuery = new URLSearchParams({ [body]: "" });
    expect(Buffer.from(appProxySignature(asQuery, SECRET), "hex").toString("base64url")).not.toBe(mac);
  });
});
