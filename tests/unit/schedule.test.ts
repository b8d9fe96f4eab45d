import { describe, expect, it } from "vitest";
import {
  addDays,
  addHours,
  addMinutes,
  atLocalTime,
  formatDuration,
  formatLocal,
  inQuietHours,
  isValidTimeZone,
  parseHhmm,
  quietHoursEnd,
  zonedParts,
} from "~/domain/schedule";

const at = (iso: string) => new Date(iso);
const NY = "America/New_York";
const SEOUL = "Asia/Seoul";
const NIGHT = { start: "21:00", end: "08:00" };

describe("zonedParts", () => {
  it("reads the shop's wall clock, including zones with half-hour offsets", () => {
    expect(zonedParts(at("2026-01-01T00:00:00Z"), "Asia/Kolkata")).toEqual({ year: 2026, month: 1, day: 1, hour: 5, minute: 30 });
    expect(zonedParts(at("2026-01-01T03:00:00Z"), NY)).toEqual({ year: 2025, month: 12, day: 31, hour: 22, minute: 0 });
    expect(zonedParts(at("2026-03-08T15:00:00Z"), SEOUL)).toEqual({ year: 2026, month: 3, day: 9, hour: 0, minute: 0 });
  });
  it("knows which zones exist", () => {
    expect(isValidTimeZone("Asia/Seoul")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
  });
});

describe("atLocalTime", () => {
  it("sends a 10:00 reminder at 10:00 in Seoul (no DST, UTC+9)", () => {
    expect(atLocalTime(at("2026-06-01T12:00:00Z"), "10:00", SEOUL).toISOString()).toBe("2026-06-01T01:00:00.000Z");
  });
  it("uses the local calendar day, not the UTC one", () => {
    // 23:30 UTC on May 31 is already June 1 in Seoul.
    expect(atLocalTime(at("2026-05-31T23:30:00Z"), "10:00", SEOUL).toISOString()).toBe("2026-06-01T01:00:00.000Z");
  });
  it("follows New York across the spring-forward day (2026-03-08)", () => {
    expect(atLocalTime(at("2026-03-07T20:00:00Z"), "10:00", NY).toISOString()).toBe("2026-03-07T15:00:00.000Z");
    expect(atLocalTime(at("2026-03-08T20:00:00Z"), "10:00", NY).toISOString()).toBe("2026-03-08T14:00:00.000Z");
    expect(atLocalTime(at("2026-03-08T20:00:00Z"), "01:30", NY).toISOString()).toBe("2026-03-08T06:30:00.000Z");
  });
  it("moves a time that does not exist on spring-forward day to the moment clocks jump", () => {
    // 02:30 never happens in New York on 2026-03-08; 03:00 EDT is the next valid instant.
    expect(atLocalTime(at("2026-03-08T20:00:00Z"), "02:30", NY).toISOString()).toBe("2026-03-08T07:00:00.000Z");
  });
  it("follows New York across the fall-back day (2026-11-01)", () => {
    expect(atLocalTime(at("2026-11-01T20:00:00Z"), "10:00", NY).toISOString()).toBe("2026-11-01T15:00:00.000Z");
    expect(atLocalTime(at("2026-10-31T20:00:00Z"), "10:00", NY).toISOString()).toBe("2026-10-31T14:00:00.000Z");
  });
  it("picks the first of the two 01:30s on fall-back day", () => {
    expect(atLocalTime(at("2026-11-01T20:00:00Z"), "01:30", NY).toISOString()).toBe("2026-11-01T05:30:00.000Z");
  });
  it("refuses a malformed time instead of guessing", () => {
    expect(() => atLocalTime(at("2026-06-01T12:00:00Z"), "25:00", SEOUL)).toThrow(RangeError);
  });
});

describe("parseHhmm", () => {
  it("accepts 00:00 to 23:59 and nothing else", () => {
    expect(parseHhmm("00:00")).toEqual({ hour: 0, minute: 0 });
    expect(parseHhmm("23:59")).toEqual({ hour: 23, minute: 59 });
    for (const bad of ["24:00", "12:60", "9:00", "09:0", "0900", "", "ab:cd", " 09:00"]) expect(parseHhmm(bad)).toBeNull();
  });
});

describe("add*", () => {
  it("adds plain durations", () => {
    const d = at("2026-03-08T00:00:00Z");
    expect(addMinutes(d, 90).toISOString()).toBe("2026-03-08T01:30:00.000Z");
    expect(addHours(d, -16).toISOString()).toBe("2026-03-07T08:00:00.000Z");
    expect(addDays(d, 3).toISOString()).toBe("2026-03-11T00:00:00.000Z");
  });
});

describe("quiet hours", () => {
  it("wraps past midnight: 21:00 inclusive to 08:00 exclusive, in shop time", () => {
    // Seoul is UTC+9: 12:00Z = 21:00, 22:59Z = 07:59, 23:00Z = 08:00, 11:59Z = 20:59.
    expect(inQuietHours(at("2026-06-01T12:00:00Z"), NIGHT, SEOUL)).toBe(true);
    expect(inQuietHours(at("2026-06-01T17:00:00Z"), NIGHT, SEOUL)).toBe(true);
    expect(inQuietHours(at("2026-06-01T22:59:00Z"), NIGHT, SEOUL)).toBe(true);
    expect(inQuietHours(at("2026-06-01T23:00:00Z"), NIGHT, SEOUL)).toBe(false);
    expect(inQuietHours(at("2026-06-01T11:59:00Z"), NIGHT, SEOUL)).toBe(false);
  });
  it("handles a window inside one day", () => {
    const lunch = { start: "12:00", end: "13:00" };
    expect(inQuietHours(at("2026-06-01T12:30:00Z"), lunch, "UTC")).toBe(true);
    expect(inQuietHours(at("2026-06-01T13:00:00Z"), lunch, "UTC")).toBe(false);
    expect(inQuietHours(at("2026-06-01T11:59:00Z"), lunch, "UTC")).toBe(false);
  });
  it("is never quiet without a window, with an empty one, or with a malformed one", () => {
    const midnight = at("2026-06-01T00:00:00Z");
    expect(inQuietHours(midnight, null, "UTC")).toBe(false);
    expect(inQuietHours(midnight, { start: "08:00", end: "08:00" }, "UTC")).toBe(false);
    expect(inQuietHours(midnight, { start: "late", end: "08:00" }, "UTC")).toBe(false);
  });
  it("ends at the next local end: same night after midnight, next morning before it", () => {
    expect(quietHoursEnd(at("2026-06-01T13:00:00Z"), NIGHT, SEOUL).toISOString()).toBe("2026-06-01T23:00:00.000Z");
    expect(quietHoursEnd(at("2026-06-01T18:00:00Z"), NIGHT, SEOUL).toISOString()).toBe("2026-06-01T23:00:00.000Z");
  });
  it("is already over outside quiet hours", () => {
    const noon = at("2026-06-01T03:00:00Z");
    expect(quietHoursEnd(noon, NIGHT, SEOUL)).toEqual(noon);
  });
  it("ends at 08:00 local even when the clocks change overnight", () => {
    // 22:00 EST on Mar 7 → 08:00 EDT on Mar 8 (12:00Z), only 9 hours later.
    expect(quietHoursEnd(at("2026-03-08T03:00:00Z"), NIGHT, NY).toISOString()).toBe("2026-03-08T12:00:00.000Z");
    // 22:00 EDT on Oct 31 → 08:00 EST on Nov 1 (13:00Z), 11 hours later.
    expect(quietHoursEnd(at("2026-11-01T02:00:00Z"), NIGHT, NY).toISOString()).toBe("2026-11-01T13:00:00.000Z");
  });
  it("ends on the next local day when the 25-hour fall-back day starts in quiet hours", () => {
    // 00:15 EDT on Nov 1: the end is 08:00 EST the same local day.
    expect(quietHoursEnd(at("2026-11-01T04:15:00Z"), NIGHT, NY).toISOString()).toBe("2026-11-01T13:00:00.000Z");
    // 23:30 EST on Nov 1: the end is 08:00 EST on Nov 2.
    expect(quietHoursEnd(at("2026-11-02T04:30:00Z"), NIGHT, NY).toISOString()).toBe("2026-11-02T13:00:00.000Z");
  });
});

describe("formatting for merchants", () => {
  it("shows times in shop time and durations in plain units", () => {
    expect(formatLocal(at("2026-06-01T01:00:00Z"), SEOUL)).toBe("2026-06-01 10:00");
    expect(formatDuration(45 * 60_000)).toBe("45 min");
    expect(formatDuration(60 * 60_000)).toBe("1 h");
    expect(formatDuration(16.5 * 3_600_000)).toBe("16 h 30 min");
    expect(formatDuration(3 * 86_400_000)).toBe("3 days");
  });
});
