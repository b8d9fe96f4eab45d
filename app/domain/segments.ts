// Segments: who a person is to the shop, from our own projection and events, with time passed in.
// A scenario's audience includes or excludes segments; the rule is checked again at send time, and a
// person no longer in the audience is skipped with the reason (`not_in_segment: …`).

const DAY_MS = 86_400_000;

export const SEGMENTS = ["new", "first_time_buyer", "repeat", "loyal", "vip", "dormant", "engaged"] as const;
export type Segment = (typeof SEGMENTS)[number];

export function isSegment(value: string): value is Segment {
  return (SEGMENTS as readonly string[]).includes(value);
}

/** Shop settings, with the defaults merchants start from. */
export type SegmentThresholds = {
  /** Orders that make a customer loyal. */
  loyalOrders: number;
  /** VIP: the top share of buyers by amount spent, in percent… */
  vipTopPercent: number;
  /** …or, when the merchant sets it, everyone who spent at least this much (minor units). */
  vipMinSpentCents: number | null;
  /** Dormant: a buyer with no order in this many days. */
  dormantDays: number;
  /** Engaged: opened or clicked one of our emails in this many days. */
  engagedDays: number;
};

export const DEFAULT_THRESHOLDS: SegmentThresholds = { loyalOrders: 3, vipTopPercent: 5, vipMinSpentCents: null, dormantDays: 90, engagedDays: 30 };

/** What the segments are computed from: the customer projection and the person's own email events. */
export type PersonFacts = {
  signedUpAt: Date | null;
  ordersCount: number;
  lastOrderAt: Date | null;
  totalSpentCents: number;
  /** The latest open or click of one of our emails, or null. */
  lastEngagedAt: Date | null;
};

/**
 * The amount at which a buyer is a VIP: the merchant's amount when set, otherwise the smallest amount
 * spent among the top `vipTopPercent` of buyers (at least one buyer once anyone has bought). Null when
 * nobody has spent anything. `spentCents` are the amounts of the shop's buyers, in any order.
 */
export function vipCutoffCents(spentCents: readonly number[], thresholds: SegmentThresholds): number | null {
  if (thresholds.vipMinSpentCents !== null) return thresholds.vipMinSpentCents;
  const buyers = spentCents.filter((c) => c > 0).sort((a, b) => b - a);
  if (buyers.length === 0) return null;
  return buyers[vipRank(buyers.length, thresholds.vipTopPercent) - 1];
}

/** How many buyers the top `percent` holds: at least one. The database reads the cutoff at this rank. */
export function vipRank(buyers: number, percent: number): number {
  return Math.max(1, Math.floor((buyers * percent) / 100));
}

/** The segments an audience names: only those need facts beyond the customer row to be read. */
export function segmentsNamed(audience: Audience): Set<Segment> {
  return new Set([...audience.include, ...audience.exclude]);
}

/** Every segment the person is in at `now`. */
export function segmentsOf(person: PersonFacts, thresholds: SegmentThresholds, vipCutoff: number | null, now: Date): Set<Segment> {
  const found = new Set<Segment>();
  if (person.ordersCount === 0 && person.signedUpAt !== null && person.signedUpAt.getTime() <= now.getTime()) found.add("new");
  if (person.ordersCount === 1) found.add("first_time_buyer");
  if (person.ordersCount >= 2) found.add("repeat");
  if (person.ordersCount >= thresholds.loyalOrders) found.add("loyal");
  if (vipCutoff !== null && person.totalSpentCents > 0 && person.totalSpentCents >= vipCutoff) found.add("vip");
  if (person.ordersCount > 0 && person.lastOrderAt !== null && now.getTime() - person.lastOrderAt.getTime() >= thresholds.dormantDays * DAY_MS) found.add("dormant");
  if (person.lastEngagedAt !== null && person.lastEngagedAt.getTime() <= now.getTime() && now.getTime() - person.lastEngagedAt.getTime() < thresholds.engagedDays * DAY_MS) {
    found.add("engaged");
  }
  return found;
}

/** A scenario's audience: everyone in any of `include` (everyone when empty), and nobody in `exclude`. */
export type Audience = { include: Segment[]; exclude: Segment[] };

export const EVERYONE: Audience = { include: [], exclude: [] };

export type AudienceVerdict = { ok: true } | { ok: false; reason: "not_in_segment"; detail: string };

/** Whether a person with these segments is in the audience, and if not, which rule keeps them out. */
export function audienceVerdict(audience: Audience, segments: ReadonlySet<Segment>): AudienceVerdict {
  const excludedBy = audience.exclude.find((s) => segments.has(s));
  if (excludedBy) return { ok: false, reason: "not_in_segment", detail: `in excluded segment ${excludedBy}` };
  if (audience.include.length > 0 && !audience.include.some((s) => segments.has(s))) {
    return { ok: false, reason: "not_in_segment", detail: `in none of ${audience.include.join(", ")}` };
  }
  return { ok: true };
}

/** Checks an audience as a merchant saves it: known segments, none both included and excluded. */
export function validateAudience(raw: { include: string[]; exclude: string[] }): { ok: true; audience: Audience } | { ok: false; error: string } {
  const unknown = [...raw.include, ...raw.exclude].filter((s) => !isSegment(s));
  if (unknown.length > 0) return { ok: false, error: `unknown segment: ${unknown.join(", ")}` };
  const both = raw.include.filter((s) => raw.exclude.includes(s));
  if (both.length > 0) return { ok: false, error: `both included and excluded: ${both.join(", ")}` };
  return { ok: true, audience: { include: [...new Set(raw.include)] as Segment[], exclude: [...new Set(raw.exclude)] as Segment[] } };
}

/** The fewest held-out people a scenario's KPI can be compared against. */
export const MIN_HOLDOUT_PEOPLE = 100;

export type HoldoutCheck =
  | { ok: true; heldOut: number }
  /** Too few: `heldOut` of `reached` people over `days` days at `percent` %, and how long `needed` would take at that pace (null: never). */
  | { ok: false; heldOut: number; reached: number; percent: number; days: number; needed: number; daysNeeded: number | null };

/** Whether the people a scenario reached over `days` days, with `percent` % held out, are enough to measure its KPI. */
export function holdoutCheck(reached: number, percent: number, days: number): HoldoutCheck {
  const heldOut = Math.floor((reached * percent) / 100);
  if (heldOut >= MIN_HOLDOUT_PEOPLE) return { ok: true, heldOut };
  const perDay = (reached * percent) / 100 / days;
  const daysNeeded = perDay > 0 ? Math.ceil(MIN_HOLDOUT_PEOPLE / perDay) : null;
  return { ok: false, heldOut, reached, percent, days, needed: MIN_HOLDOUT_PEOPLE, daysNeeded };
}
