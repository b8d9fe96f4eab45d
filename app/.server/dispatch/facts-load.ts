// Reads the facts the send-time re-check and the renderer need for a batch of one shop's messages:
// one query per kind of fact for the whole batch, rather than seven queries for every message.
import type { Message } from "@prisma/client";
import type { Db } from "~/db.server";
import type { PreviousStep } from "~/domain/branch";
import { SCENARIOS, messageKey } from "~/domain/scenarios";
import { REMIND_ONCE_PER_DAYS } from "~/domain/shopper-reminders";
import { addDays } from "~/domain/schedule";
import { segmentsNamed, segmentsOf, type Segment } from "~/domain/segments";
import { isScenarioKey as isScenario } from "~/domain/scenarios";
import type { ScenarioKey, SuppressionReason } from "~/domain/types";
import { suppressionKeys } from "~/.server/compliance/suppression-key";
import type { MessageContext, ShopView } from "./facts";

const MARKETING = (Object.keys(SCENARIOS) as ScenarioKey[]).filter((k) => SCENARIOS[k].marketing);

const present = <T>(values: (T | null | undefined)[]): T[] => [...new Set(values.filter((v): v is T => v !== null && v !== undefined))];

/** The first row per key, in the order the query returned them. */
function firstBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T> {
  const map = new Map<K, T>();
  for (const row of rows) if (!map.has(key(row))) map.set(key(row), row);
  return map;
}

const emailOf = (m: Message) => m.email?.toLowerCase() ?? null;

/** Every message's context, read now: the caller uses it only for messages no earlier decision of this pass could change. */
export async function loadMessageContexts(db: Db, shop: ShopView, messages: Message[], now: Date): Promise<Map<string, MessageContext>> {
  const domain = shop.row.domain;
  const customerIds = present(messages.map((m) => m.customerShopifyId));
  const emails = present(messages.map(emailOf));
  const tokens = present(messages.map((m) => m.checkoutToken));
  const orderIds = present(messages.map((m) => m.orderShopifyId));
  const codes = present(messages.map((m) => m.couponCode));

  const byCustomerId = firstBy(customerIds.length ? await db.customer.findMany({ where: { shop: domain, shopifyId: { in: customerIds } } }) : [], (c) => c.shopifyId);
  // By address only for those the id did not find; of several customers with one address, the one with the most orders.
  const emailsToLook = present(messages.map((m) => (m.customerShopifyId && byCustomerId.has(m.customerShopifyId) ? null : emailOf(m))));
  const byEmail = firstBy(
    emailsToLook.length
      ? await db.customer.findMany({ where: { shop: domain, email: { in: emailsToLook } }, orderBy: [{ ordersCount: "desc" }, { id: "asc" }] })
      : [],
    (c) => c.email,
  );
  const checkouts = firstBy(tokens.length ? await db.checkout.findMany({ where: { shop: domain, token: { in: tokens } } }) : [], (c) => c.token);
  const checkoutOrders = firstBy(
    tokens.length ? await db.order.findMany({ where: { shop: domain, checkoutToken: { in: tokens } }, orderBy: [{ placedAt: "asc" }, { id: "asc" }] }) : [],
    (o) => o.checkoutToken,
  );
  const orders = firstBy(orderIds.length ? await db.order.findMany({ where: { shop: domain, shopifyId: { in: orderIds } } }) : [], (o) => o.shopifyId);
  const coupons = firstBy(codes.length ? await db.coupon.findMany({ where: { shop: domain, code: { in: codes } } }) : [], (c) => c.code);
  // An erased person's unsubscribe is kept as a digest of the address (~/.server/compliance/suppression-key).
  const keysByEmail = new Map(emails.map((e) => [e, suppressionKeys(domain, e)]));
  const allKeys = [...new Set([...keysByEmail.values()].flat())];
  const suppressed = new Map(
    allKeys.length ? (await db.suppression.findMany({ where: { shop: domain, email: { in: allKeys } }, select: { email: true, reason: true } })).map((s) => [s.email, s.reason as SuppressionReason]) : [],
  );

  const earliestTrigger = messages.reduce((min, m) => (m.triggeredAt < min ? m.triggeredAt : min), now);
  const who = [...(customerIds.length ? [{ customerShopifyId: { in: customerIds } }] : []), ...(emails.length ? [{ email: { in: emails } }] : [])];
  const laterOrders = who.length
    ? await db.order.findMany({ where: { shop: domain, placedAt: { gt: earliestTrigger }, OR: who }, select: { customerShopifyId: true, email: true, placedAt: true } })
    : [];

  const recentSends = new Map<string, Date[]>();
  const recent = emails.length
    ? await db.message.findMany({
        // Test sends and the holdout group never reached the shopper: they use no budget.
        where: { shop: domain, email: { in: emails }, status: "sent", test: false, holdout: false, scenario: { in: MARKETING }, sentAt: { gt: addDays(now, -7) } },
        select: { email: true, sentAt: true },
      })
    : [];
  for (const r of recent) if (r.email && r.sentAt) recentSends.set(r.email, [...(recentSends.get(r.email) ?? []), r.sentAt]);

  // Segments only for messages whose scenario's audience names some; opens and clicks only when one names "engaged".
  const named = new Map(messages.map((m) => [m.id, isScenario(m.scenario) ? segmentsNamed(shop.scenarios.audience(m.scenario)) : new Set<Segment>()]));
  const wanted = messages.filter((m) => named.get(m.id)!.size > 0);
  const engagedEmails = present(wanted.filter((m) => named.get(m.id)!.has("engaged")).map(emailOf));
  const lastEngaged = engagedEmails.length ? await lastEngagedAt(db, domain, engagedEmails) : new Map<string, Date>();
  const vipCutoff = wanted.some((m) => named.get(m.id)!.has("vip")) ? await shop.segments.vipCutoff() : null;

  const previous = await earlierSteps(db, domain, messages);
  const shopper = await shopperFacts(db, domain, messages, now);

  const contexts = new Map<string, MessageContext>();
  for (const m of messages) {
    const email = emailOf(m);
    const customer = (m.customerShopifyId ? byCustomerId.get(m.customerShopifyId) : undefined) ?? (email ? byEmail.get(email) : undefined) ?? null;
    const orderedSinceTrigger = laterOrders.some(
      (o) => o.placedAt > m.triggeredAt && ((m.customerShopifyId !== null && o.customerShopifyId === m.customerShopifyId) || (email !== null && o.email === email)),
    );
    contexts.set(m.id, {
      shop,
      customer,
      checkout: (m.checkoutToken && checkouts.get(m.checkoutToken)) || null,
      checkoutOrder: (m.checkoutToken && checkoutOrders.get(m.checkoutToken)) || null,
      order: (m.orderShopifyId && orders.get(m.orderShopifyId)) || null,
      coupon: (m.couponCode && coupons.get(m.couponCode)) || null,
      suppressed: email ? ((keysByEmail.get(email) ?? []).map((k) => suppressed.get(k)).find(Boolean) ?? null) : null,
      orderedSinceTrigger,
      recentSends: (email && recentSends.get(email)) || [],
      previous: previous.get(m.id) ?? null,
      shopper: shopper.get(m.id) ?? null,
      segments:
        named.get(m.id)!.size === 0
          ? null
          : segmentsOf(
              {
                signedUpAt: customer?.signedUpAt ?? null,
                ordersCount: customer?.ordersCount ?? 0,
                lastOrderAt: customer?.lastOrderAt ?? null,
                totalSpentCents: customer?.totalSpentCents ?? 0,
                lastEngagedAt: (email && lastEngaged.get(email)) || null,
              },
              shop.segments.thresholds,
              vipCutoff,
              now,
            ),
    });
  }
  return contexts;
}

/** The key of the step before a later step of a series: the same shop, scenario and subject, one step earlier. */
function previousKey(m: Message): string | null {
  return m.step > 0 && isScenario(m.scenario) ? messageKey(m.shop, m.scenario, m.about, m.step - 1) : null;
}

/** For each later step, what became of the step before it (~/domain/branch): one read of the steps, one of their opens and clicks. */
async function earlierSteps(db: Db, shop: string, messages: Message[]): Promise<Map<string, PreviousStep>> {
  const keys = present(messages.map(previousKey));
  if (keys.length === 0) return new Map();
  const rows = await db.message.findMany({ where: { shop, key: { in: keys } }, select: { id: true, key: true, step: true, status: true, sentAt: true, holdout: true } });
  const events = rows.length
    ? await db.messageEvent.findMany({ where: { shop, messageId: { in: rows.map((r) => r.id) }, type: { in: ["open", "click"] } }, select: { messageId: true, type: true } })
    : [];
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const found = new Map<string, PreviousStep>();
  for (const m of messages) {
    const key = previousKey(m);
    const row = key ? byKey.get(key) : undefined;
    if (!row) continue;
    const waiting = row.status === "planned" || row.status === "deferred";
    const sent = row.status === "sent" && !row.holdout && row.sentAt !== null;
    found.set(m.id, {
      step: row.step,
      state: waiting ? "waiting" : sent ? "sent" : "not_sent",
      // A click implies the email was opened, even when the reader's client blocked the open pixel.
      opened: events.some((e) => e.messageId === row.id),
      clicked: events.some((e) => e.messageId === row.id && e.type === "click"),
    });
  }
  return found;
}

const SHOPPER_REMINDERS = ["browse-abandonment", "cart-abandonment"];

/**
 * For browse and cart reminders: a checkout the person started since the event, the same product added
 * to the cart since (for a product viewed), and a reminder about the product sent within the week.
 * One read of each for the batch.
 */
async function shopperFacts(db: Db, shop: string, messages: Message[], now: Date): Promise<Map<string, NonNullable<MessageContext["shopper"]>>> {
  const reminders = messages.filter((m) => SHOPPER_REMINDERS.includes(m.scenario) && m.customerShopifyId && m.productShopifyId);
  if (reminders.length === 0) return new Map();
  const customers = present(reminders.map((m) => m.customerShopifyId));
  const products = present(reminders.map((m) => m.productShopifyId));
  const since = reminders.reduce((min, m) => (m.triggeredAt < min ? m.triggeredAt : min), now);
  const [checkouts, carted, sent] = await Promise.all([
    db.checkout.findMany({ where: { shop, customerShopifyId: { in: customers }, startedAt: { gt: since } }, select: { customerShopifyId: true, startedAt: true } }),
    db.shopperEvent.findMany({ where: { shop, customerShopifyId: { in: customers }, productId: { in: products }, type: "product_added_to_cart", at: { gt: since } }, select: { customerShopifyId: true, productId: true, at: true } }),
    db.message.findMany({
      where: { shop, scenario: { in: SHOPPER_REMINDERS }, status: "sent", test: false, customerShopifyId: { in: customers }, productShopifyId: { in: products }, sentAt: { gt: addDays(now, -REMIND_ONCE_PER_DAYS) } },
      select: { id: true, customerShopifyId: true, productShopifyId: true, sentAt: true },
    }),
  ]);
  const found = new Map<string, NonNullable<MessageContext["shopper"]>>();
  const first = (dates: Date[]) => dates.sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  for (const m of reminders) {
    found.set(m.id, {
      checkoutStartedAt: first(checkouts.filter((c) => c.customerShopifyId === m.customerShopifyId && c.startedAt > m.triggeredAt).map((c) => c.startedAt)),
      addedToCartAt: first(carted.filter((e) => e.customerShopifyId === m.customerShopifyId && e.productId === m.productShopifyId && e.at > m.triggeredAt).map((e) => e.at)),
      remindedAt: first(sent.filter((s) => s.id !== m.id && s.customerShopifyId === m.customerShopifyId && s.productShopifyId === m.productShopifyId && s.sentAt).map((s) => s.sentAt!)),
    });
  }
  return found;
}

/** The latest open or click of one of our emails, per address. */
async function lastEngagedAt(db: Db, shop: string, emails: string[]): Promise<Map<string, Date>> {
  const sent = await db.message.findMany({ where: { shop, email: { in: emails }, sentAt: { not: null }, test: false }, select: { id: true, email: true } });
  if (sent.length === 0) return new Map();
  const emailOfMessage = new Map(sent.map((m) => [m.id, m.email!]));
  const latest = await db.messageEvent.groupBy({ by: ["messageId"], where: { shop, messageId: { in: sent.map((m) => m.id) }, type: { in: ["open", "click"] } }, _max: { at: true } });
  const byEmail = new Map<string, Date>();
  for (const row of latest) {
    const email = emailOfMessage.get(row.messageId);
    const at = row._max.at;
    if (email && at && (!byEmail.has(email) || byEmail.get(email)! < at)) byEmail.set(email, at);
  }
  return byEmail;
}

/** One message's context, read fresh: for a message whose person already had a message handled in this pass. */
export async function loadMessageContext(db: Db, shop: ShopView, m: Message, now: Date): Promise<MessageContext> {
  return (await loadMessageContexts(db, shop, [m], now)).get(m.id)!;
}
