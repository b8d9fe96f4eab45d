// Opens, clicks and unsubscribes of one message, each recorded once. A test send or a holdout
// message is never counted, whatever its links are used for.
import type { Message } from "@prisma/client";
import { isUniqueViolation, type Db } from "~/db.server";
import { clickReachesGoal } from "~/domain/kpi-goals";

type Writer = Pick<Db, "messageEvent">;

export type EventRecord = {
  key: string;
  shop: string;
  messageId: string;
  scenario: string;
  type: "open" | "click" | "unsubscribe" | "conversion" | "goal";
  at: Date;
  url?: string | null;
  orderId?: string | null;
  revenueCents?: number | null;
  currency?: string | null;
  via?: string | null;
};

/** True when this call recorded it; false when the key was already there. */
export async function recordOnce(db: Writer, event: EventRecord): Promise<boolean> {
  const existing = await db.messageEvent.findUnique({ where: { key: event.key }, select: { id: true } });
  if (existing) return false;
  try {
    await db.messageEvent.create({ data: event });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

/** Only a real, delivered message counts: not a merchant's test, not the holdout group. */
export function countable(m: Pick<Message, "status" | "test" | "holdout"> | null): m is Message {
  return m !== null && m.status === "sent" && !m.test && !m.holdout;
}

export function goalKey(messageId: string): string {
  return `goal:${messageId}`;
}

export async function recordOpen(db: Db, m: Message, at: Date): Promise<boolean> {
  if (!countable(m)) return false;
  return recordOnce(db, { key: `open:${m.id}`, shop: m.shop, messageId: m.id, scenario: m.scenario, type: "open", at });
}

/** One click event per message and destination; the latest click time drives last-click attribution. */
export async function recordClick(db: Db, m: Message, url: string, at: Date): Promise<boolean> {
  if (!countable(m)) return false;
  const recorded = await recordOnce(db, { key: `click:${m.id}:${url}`, shop: m.shop, messageId: m.id, scenario: m.scenario, type: "click", url, at });
  await db.message.updateMany({ where: { id: m.id, OR: [{ lastClickedAt: null }, { lastClickedAt: { lt: at } }] }, data: { lastClickedAt: at } });
  // A click is also an opened email, whether or not the pixel loaded.
  await recordOnce(db, { key: `open:${m.id}`, shop: m.shop, messageId: m.id, scenario: m.scenario, type: "open", at });
  if (m.sentAt && clickReachesGoal(m.scenario, m.sentAt, at)) {
    await recordOnce(db, { key: goalKey(m.id), shop: m.shop, messageId: m.id, scenario: m.scenario, type: "goal", via: "click", at });
  }
  return recorded;
}

export async function recordUnsubscribe(db: Writer & Pick<Db, "message">, messageKey: string, at: Date): Promise<boolean> {
  const m = await db.message.findUnique({ where: { key: messageKey } });
  if (!m || m.test || m.holdout) return false;
  return recordOnce(db, { key: `unsubscribe:${m.id}`, shop: m.shop, messageId: m.id, scenario: m.scenario, type: "unsubscribe", at });
}
