// The message log as the merchant reads it: every planned message with its status and reason, newest
// first, 50 a page by cursor; and one person's timeline. Test sends are the merchant's own, not shown.
import type { Db } from "~/db.server";
import { isScenarioKey } from "~/domain/scenarios";
import { MESSAGE_STATUSES, type MessageStatus } from "~/components/message-status";
import { isMessageKey, type Translate } from "~/i18n";

export const PAGE_SIZE = 50;

export type ActivityRow = {
  id: string;
  scenario: string;
  step: number;
  email: string | null;
  status: string;
  /** The reason in the merchant's language, followed by the recorded detail. */
  reason: string | null;
  at: string;
};

export type ActivityFilter = { scenario: string | null; status: MessageStatus | null; cursor: string | null };

export function parseActivityFilter(params: URLSearchParams): ActivityFilter {
  const scenario = params.get("scenario");
  const status = params.get("status");
  return {
    scenario: scenario && isScenarioKey(scenario) ? scenario : null,
    status: (MESSAGE_STATUSES as readonly string[]).includes(status ?? "") ? (status as MessageStatus) : null,
    cursor: params.get("cursor") || null,
  };
}

/** A stored reason code gets a sentence in the merchant's language, its detail in brackets. */
export function describeStoredReason(code: string | null, detail: string | null, t: Translate): string | null {
  if (!code) return null;
  const key = `reason.${code}`;
  if (!isMessageKey(key)) return detail ? `${code}: ${detail}` : code;
  return detail ? `${t(key)} (${detail})` : t(key);
}

type MessageRow = { id: string; scenario: string; step: number; email: string | null; status: string; reason: string | null; reasonDetail: string | null; runAt: Date; sentAt: Date | null; updatedAt: Date };

function toRow(m: MessageRow, t: Translate): ActivityRow {
  return { id: m.id, scenario: m.scenario, step: m.step, email: m.email, status: m.status, reason: describeStoredReason(m.reason, m.reasonDetail, t), at: (m.sentAt ?? m.runAt).toISOString() };
}

const SELECT = { id: true, scenario: true, step: true, email: true, status: true, reason: true, reasonDetail: true, runAt: true, sentAt: true, updatedAt: true } as const;

export async function listActivity(db: Db, shop: string, filter: ActivityFilter, t: Translate): Promise<{ rows: ActivityRow[]; nextCursor: string | null }> {
  const rows = await db.message.findMany({
    where: { shop, test: false, ...(filter.scenario ? { scenario: filter.scenario } : {}), ...(filter.status ? { status: filter.status } : {}) },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: PAGE_SIZE + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    select: SELECT,
  });
  const page = rows.slice(0, PAGE_SIZE);
  return { rows: page.map((m) => toRow(m, t)), nextCursor: rows.length > PAGE_SIZE ? page[page.length - 1].id : null };
}

export type TimelineEvent = { type: string; at: string; messageId: string };
export type Timeline = {
  email: string;
  customer: { name: string | null; ordersCount: number; consent: string } | null;
  messages: ActivityRow[];
  events: TimelineEvent[];
};

/** Everything we planned for one address, sent or held back, with opens, clicks and orders. */
export async function personTimeline(db: Db, shop: string, email: string, t: Translate): Promise<Timeline> {
  const address = email.trim().toLowerCase();
  const [customer, messages] = await Promise.all([
    db.customer.findFirst({ where: { shop, email: address }, orderBy: { updatedAt: "desc" } }),
    db.message.findMany({ where: { shop, email: address, test: false }, orderBy: [{ runAt: "desc" }, { step: "desc" }], take: 200, select: SELECT }),
  ]);
  const events = messages.length
    ? await db.messageEvent.findMany({ where: { shop, messageId: { in: messages.map((m) => m.id) } }, orderBy: { at: "desc" }, select: { type: true, at: true, messageId: true } })
    : [];
  const name = customer ? [customer.firstName, customer.lastName].filter(Boolean).join(" ") || null : null;
  return {
    email: address,
    customer: customer ? { name, ordersCount: customer.ordersCount, consent: customer.emailConsent } : null,
    messages: messages.map((m) => toRow(m, t)),
    events: events.map((e) => ({ type: e.type, at: e.at.toISOString(), messageId: e.messageId })),
  };
}
