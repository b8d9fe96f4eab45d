// Messages ready to send, for the fault tests and the dispatch benchmarks: one subscribed customer,
// one delivered order and one due post-delivery message per person, so every message passes the
// send-time re-check and a distinct address keeps the frequency budget out of the picture.
import type { Db } from "~/db.server";
import { messageKey } from "~/domain/scenarios";
import { DEMO_SHOP } from "~/.server/shops";

export type SeedDueOptions = {
  count: number;
  /** When the messages fall due; keep it inside shop hours (the demo shop's quiet hours are 21:00–08:00 UTC). */
  runAt: Date;
  /** Distinguishes runs that share one database. */
  tag?: string;
  shop?: string;
};

const CHUNK = 500;
const HOUR = 3_600_000;

export const seededEmail = (tag: string, i: number) => `p${i}.${tag}@fault.example`;

/** Inserts `count` due messages in chunks; returns their keys. */
export async function seedDueMessages(db: Db, opts: SeedDueOptions): Promise<string[]> {
  const shop = opts.shop ?? DEMO_SHOP;
  const tag = opts.tag ?? "f";
  const keys: string[] = [];
  const deliveredAt = new Date(opts.runAt.getTime() - 72 * HOUR);
  for (let start = 0; start < opts.count; start += CHUNK) {
    const ids = Array.from({ length: Math.min(CHUNK, opts.count - start) }, (_, k) => start + k);
    await db.customer.createMany({
      data: ids.map((i) => ({ shop, shopifyId: `${tag}${i}`, email: seededEmail(tag, i), firstName: `P${i}`, emailConsent: "subscribed", ordersCount: 1 })),
    });
    await db.order.createMany({
      data: ids.map((i) => ({
        shop,
        shopifyId: `o${tag}${i}`,
        name: `#${i}`,
        customerShopifyId: `${tag}${i}`,
        email: seededEmail(tag, i),
        placedAt: new Date(deliveredAt.getTime() - 96 * HOUR),
        deliveredAt,
      })),
    });
    const batch = ids.map((i) => ({
      key: messageKey(shop, "post-delivery", `order:o${tag}${i}`, 0),
      shop,
      scenario: "post-delivery",
      step: 0,
      about: `order:o${tag}${i}`,
      customerShopifyId: `${tag}${i}`,
      email: seededEmail(tag, i),
      orderShopifyId: `o${tag}${i}`,
      triggeredAt: deliveredAt,
      runAt: opts.runAt,
      status: "planned",
    }));
    await db.message.createMany({ data: batch });
    keys.push(...batch.map((m) => m.key));
  }
  return keys;
}

/** Future-dated messages that a pass must pass over: same shape, due long after `now`. */
export async function seedFutureMessages(db: Db, opts: SeedDueOptions): Promise<number> {
  return (await seedDueMessages(db, { ...opts, tag: opts.tag ?? "future" })).length;
}
