// The modal's record, once each per idempotency key, and only for visitors whose privacy choices allow
// it: what the app decided at /offer (offer: the modal may open; holdout: it would have, but this
// visitor is in the share shown nothing), and what the storefront and the visitor did (impression,
// dismiss, reveal, signup). The two decisions are the groups the report compares.
import type { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";
import { sessionBucket, type OfferKind } from "~/domain/onsite";
import { loadShopScenarios } from "~/.server/shops";
import { SCENARIO, type Visitor } from "./types";

export type OnsiteEventType = "offer" | "holdout" | "impression" | "reveal" | "dismiss" | "signup";

type Writer = Pick<Db, "onsiteEvent"> | Prisma.TransactionClient;

export type EventRecord = { type: OnsiteEventType; offerKind: OfferKind | null; couponCode?: string | null; at: Date };

/** offer, holdout, impression and dismiss: once per session window; reveal: once per code; signup: once per visitor. */
export function eventKey(v: Visitor, e: EventRecord, sessionMinutes: number): string {
  const base = `${v.shop}:${v.visitorId}:${e.type}`;
  switch (e.type) {
    case "offer":
    case "holdout":
    case "impression":
    case "dismiss":
      return `${base}:${sessionBucket(e.at, sessionMinutes)}`;
    case "reveal":
      return `${base}:${e.couponCode ?? "none"}`;
    case "signup":
      return base;
  }
}

/** false when nothing was written: no privacy consent, or the same event was recorded already. */
export async function recordOnsiteEvent(db: Writer, v: Visitor, e: EventRecord, sessionMinutes: number): Promise<boolean> {
  if (!v.consent) return false;
  const key = eventKey(v, e, sessionMinutes);
  const existing = await db.onsiteEvent.findUnique({ where: { key }, select: { id: true } });
  if (existing) return false;
  await db.onsiteEvent.upsert({
    where: { key },
    create: {
      key,
      shop: v.shop,
      scenario: SCENARIO,
      visitorId: v.visitorId,
      type: e.type,
      offerKind: e.offerKind,
      customerShopifyId: v.customerShopifyId,
      couponCode: e.couponCode ?? null,
      at: e.at,
    },
    update: {},
  });
  return true;
}

/** What the storefront reports itself: the modal was shown, or closed. Shops that left record nothing. */
export async function recordVisitorEvent(db: Db, v: Visitor, type: "impression" | "dismiss", offerKind: OfferKind, now: Date): Promise<boolean> {
  if (!v.consent) return false;
  const shop = await db.shop.findUnique({ where: { domain: v.shop } });
  if (!shop || shop.uninstalledAt) return false;
  const settings = (await loadShopScenarios(db, v.shop)).settings(SCENARIO);
  return recordOnsiteEvent(db, v, { type, offerKind, at: now }, settings.sessionMinutes);
}
