// Who gets nothing (the holdout group) and which message an order belongs to. Pure: the candidates
// are read by the caller, the decision is made here.
import { addDays } from "./schedule";

/** FNV-1a, 32 bits: stable across processes and platforms, which is all a bucket needs. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export type Person = { customerShopifyId: string | null; email: string | null };

const bucketOf = (shop: string, scenario: string, who: string): number => fnv1a(`${shop}|${scenario}|${who}`) % 100;
const share = (percent: number): number => Math.max(0, Math.min(100, percent));

/** The same person lands in the same bucket (0–99) of a scenario at every send, on every instance. */
export function holdoutBucket(shop: string, scenario: string, person: Person): number {
  const who = person.customerShopifyId ? `customer:${person.customerShopifyId}` : `email:${(person.email ?? "").trim().toLowerCase()}`;
  return bucketOf(shop, scenario, who);
}

export function inHoldout(shop: string, scenario: string, person: Person, percent: number): boolean {
  if (!person.customerShopifyId && !person.email) return false;
  return holdoutBucket(shop, scenario, person) < share(percent);
}

/** A storefront visitor: the loader's visitor id, and the customer when logged in. */
export type StorefrontVisitor = { visitorId: string; customerShopifyId: string | null };

/**
 * A visitor's bucket: the customer's when logged in, so every device of theirs lands alike (and in the
 * bucket an email of the same scenario would use); otherwise the visitor id's.
 */
export function visitorHoldoutBucket(shop: string, scenario: string, visitor: StorefrontVisitor): number {
  return bucketOf(shop, scenario, visitor.customerShopifyId ? `customer:${visitor.customerShopifyId}` : `visitor:${visitor.visitorId}`);
}

export function visitorInHoldout(shop: string, scenario: string, visitor: StorefrontVisitor, percent: number): boolean {
  return visitorHoldoutBucket(shop, scenario, visitor) < share(percent);
}

export type AttributionOrder = { orderId: string; placedAt: Date; totalCents: number; currency: string | null };

/** Our codes the order used; `messageId` null for codes shown on the storefront (exit-intent). */
export type CodeCandidate = { code: string; scenario: string; messageId: string | null };
/** Sent, non-test messages to the buyer that were clicked. */
export type ClickCandidate = { messageId: string; scenario: string; lastClickedAt: Date };
/** Holdout messages of the buyer: the moment they would have been sent. */
export type HoldoutCandidate = { messageId: string; scenario: string; sentAt: Date };

export type Attribution =
  | { via: "code"; messageId: string; scenario: string }
  /** A storefront code: counted from the coupon itself, no message to credit. */
  | { via: "onsite-code"; scenario: string }
  | { via: "click"; messageId: string; scenario: string }
  | { via: "holdout"; messageId: string; scenario: string }
  | { via: "none" };

export type AttributionInput = {
  order: AttributionOrder;
  windowDays: number;
  codes: CodeCandidate[];
  clicks: ClickCandidate[];
  holdouts: HoldoutCandidate[];
};

function inWindow(at: Date, order: AttributionOrder, windowDays: number): boolean {
  return at.getTime() <= order.placedAt.getTime() && at.getTime() > addDays(order.placedAt, -windowDays).getTime();
}

function latest<T>(items: T[], at: (item: T) => Date): T | null {
  return items.reduce<T | null>((best, item) => (best === null || at(item).getTime() > at(best).getTime() ? item : best), null);
}

/** A code the scenario issued beats a click; the last click in the window wins; a holdout member's order counts only for the holdout rate. */
export function attributeOrder(input: AttributionInput): Attribution {
  const { order, windowDays } = input;
  const emailed = input.codes.find((c) => c.messageId !== null);
  if (emailed?.messageId) return { via: "code", messageId: emailed.messageId, scenario: emailed.scenario };
  if (input.codes.length > 0) return { via: "onsite-code", scenario: input.codes[0].scenario };
  const click = latest(input.clicks.filter((c) => inWindow(c.lastClickedAt, order, windowDays)), (c) => c.lastClickedAt);
  if (click) return { via: "click", messageId: click.messageId, scenario: click.scenario };
  const held = latest(input.holdouts.filter((h) => inWindow(h.sentAt, order, windowDays)), (h) => h.sentAt);
  if (held) return { via: "holdout", messageId: held.messageId, scenario: held.scenario };
  return { via: "none" };
}
