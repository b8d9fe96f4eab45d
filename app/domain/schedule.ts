// Shop-time arithmetic on top of Intl, so that "10:00 shop time" and quiet hours survive DST.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type ZonedParts = { year: number; month: number; day: number; hour: number; minute: number };
type ZonedFields = ZonedParts & { second: number };

// Building a DateTimeFormat is costly and the same few shop zones are asked for over and over.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function zonedFields(instant: Date, timeZone: string): ZonedFields {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year,
    month: fields.month,
    day: fields.day,
    hour: fields.hour === 24 ? 0 : fields.hour,
    minute: fields.minute,
    second: fields.second,
  };
}

/** Wall-clock parts of `instant` in an IANA zone. Throws RangeError for an unknown zone. */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const { year, month, day, hour, minute } = zonedFields(instant, timeZone);
  return { year, month, day, hour, minute };
}

/** The local wall-clock reading of `ms`, encoded as if it were a UTC timestamp. */
function wallMs(ms: number, timeZone: string): number {
  const f = zonedFields(new Date(ms), timeZone);
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) + (ms % 1000 + 1000) % 1000;
}

function offsetMs(ms: number, timeZone: string): number {
  return wallMs(ms, timeZone) - ms;
}

/**
 * The instant showing the given wall-clock time. An ambiguous time (the repeated hour when clocks go
 * back) resolves to its first occurrence; a missing one (clocks go forward) to the end of the gap.
 */
function instantAtWall(wall: number, timeZone: string): Date {
  // Zone transitions are far more than a day apart, so the offsets a day either side are the only candidates.
  const before = wall - offsetMs(wall - DAY, timeZone);
  const after = wall - offsetMs(wall + DAY, timeZone);
  const exact = [before, after].filter((ms) => wallMs(ms, timeZone) === wall).sort((a, b) => a - b);
  if (exact.length > 0) return new Date(exact[0]);
  // In seconds: the first second whose wall clock has passed the missing time.
  let lo = Math.floor(Math.min(before, after) / 1000);
  let hi = Math.ceil(Math.max(before, after) / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallMs(mid * 1000, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return new Date(hi * 1000);
}

/** "HH:MM", 00:00–23:59, or null. */
export function parseHhmm(hhmm: string): { hour: number; minute: number } | null {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

function requireHhmm(hhmm: string): { hour: number; minute: number } {
  const time = parseHhmm(hhmm);
  if (!time) throw new RangeError(`Not a time of day (HH:MM): ${JSON.stringify(hhmm)}`);
  return time;
}

/** hh:mm local time on the local calendar day `dayOffset` days after the one `instant` falls on. */
function atLocalTimeOnDay(instant: Date, hhmm: string, timeZone: string, dayOffset: number): Date {
  const { hour, minute } = requireHhmm(hhmm);
  const local = zonedParts(instant, timeZone);
  return instantAtWall(Date.UTC(local.year, local.month - 1, local.day + dayOffset, hour, minute), timeZone);
}

/**
 * The instant at hh:mm local time on the local calendar day of `instant`.
 * Callers validate `hhmm` with parseHhmm first: a malformed time here is a bug and throws.
 */
export function atLocalTime(instant: Date, hhmm: string, timeZone: string): Date {
  return atLocalTimeOnDay(instant, hhmm, timeZone, 0);
}

/**
 * The last second (23:59:59) of the local calendar day `dayOffset` days after the one `instant` falls
 * on: a code valid "until March 14" works to the end of March 14 where the shop is.
 */
export function endOfLocalDay(instant: Date, timeZone: string, dayOffset = 0): Date {
  const local = zonedParts(instant, timeZone);
  return instantAtWall(Date.UTC(local.year, local.month - 1, local.day + dayOffset, 23, 59, 59), timeZone);
}

export function addMinutes(d: Date, n: number): Date {
  return new Date(d.getTime() + n * MINUTE);
}

export function addHours(d: Date, n: number): Date {
  return new Date(d.getTime() + n * HOUR);
}

export function addDays(d: Date, n: number): Date {
  return new Date(d.getTime() + n * DAY);
}

type QuietHours = { start: string; end: string };

/** Start inclusive, end exclusive; a window whose start is after its end wraps past midnight. */
export function inQuietHours(instant: Date, quiet: QuietHours | null, timeZone: string): boolean {
  if (!quiet) return false;
  const start = parseHhmm(quiet.start);
  const end = parseHhmm(quiet.end);
  if (!start || !end) return false;
  const s = start.hour * 60 + start.minute;
  const e = end.hour * 60 + end.minute;
  if (s === e) return false;
  const local = zonedParts(instant, timeZone);
  const m = local.hour * 60 + local.minute;
  return s < e ? m >= s && m < e : m >= s || m < e;
}

/** The first instant at or after `instant` outside quiet hours. */
export function quietHoursEnd(instant: Date, quiet: QuietHours, timeZone: string): Date {
  if (!inQuietHours(instant, quiet, timeZone)) return instant;
  const today = atLocalTimeOnDay(instant, quiet.end, timeZone, 0);
  return today > instant ? today : atLocalTimeOnDay(instant, quiet.end, timeZone, 1);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-03-08 10:00" in the shop's zone: how a merchant reads a time in a reason. */
export function formatLocal(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "45 min", "1 h", "16 h 30 min", "3 days" (rounded down to the minute). */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / MINUTE));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours >= 48 && rest === 0 && hours % 24 === 0) return `${hours / 24} days`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
