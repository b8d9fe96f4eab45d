// A scenario's timing in words, from its merged settings: "1 h and 24 h after checkout started".
import type { ScenarioSettingsMap } from "~/domain/scenarios";
import { DEFAULT_THRESHOLDS } from "~/domain/segments";
import type { ScenarioKey } from "~/domain/types";
import type { Translate } from "./index";

export function durationWords(minutes: number, t: Translate): string {
  if (minutes < 60) return t("unit.min", { n: minutes });
  if (minutes % 60 === 0 && minutes <= 48 * 60) return t("unit.h", { n: minutes / 60 });
  if (minutes % 1440 === 0) return minutes === 1440 ? t("unit.day") : t("unit.days", { n: minutes / 1440 });
  if (minutes % 60 === 0) return t("unit.h", { n: minutes / 60 });
  return `${t("unit.h", { n: Math.floor(minutes / 60) })} ${t("unit.min", { n: minutes % 60 })}`;
}

function days(n: number, t: Translate): string {
  return n === 1 ? t("unit.day") : t("unit.days", { n });
}

function joinWords(items: string[], t: Translate): string {
  if (items.length <= 1) return items.join("");
  const sep = t("list.and");
  // English reads "a, b and c"; Korean lists with commas throughout (its "and" is a comma).
  return sep === ", " ? items.join(sep) : `${items.slice(0, -1).join(", ")}${sep}${items[items.length - 1]}`;
}

/** `dormantDays`: the shop's dormant threshold (~/domain/segments), which starts the win-back. */
export function timingWords<K extends ScenarioKey>(key: K, settings: ScenarioSettingsMap[K], t: Translate, dormantDays = DEFAULT_THRESHOLDS.dormantDays): string {
  switch (key) {
    case "welcome":
      return t("timing.welcome");
    case "exit-intent":
      return t("timing.exit-intent");
    case "cart-recovery": {
      const s = settings as ScenarioSettingsMap["cart-recovery"];
      return t("timing.cart-recovery", { delays: joinWords(s.delaysMinutes.map((m) => durationWords(m, t)), t) });
    }
    case "coupon-expiry": {
      const s = settings as ScenarioSettingsMap["coupon-expiry"];
      return t("timing.coupon-expiry", { days: days(s.daysBefore, t), time: s.sendAt });
    }
    case "post-delivery": {
      const s = settings as ScenarioSettingsMap["post-delivery"];
      return t("timing.post-delivery", { days: days(s.daysAfterDelivery, t) });
    }
    case "second-order": {
      const s = settings as ScenarioSettingsMap["second-order"];
      return t("timing.second-order", { days: days(s.daysAfterDelivery, t) });
    }
    case "win-back": {
      const s = settings as ScenarioSettingsMap["win-back"];
      return t("timing.win-back", { dormant: days(dormantDays, t), days: days(s.daysBetweenSteps, t) });
    }
    case "browse-abandonment":
    case "cart-abandonment": {
      const s = settings as ScenarioSettingsMap["browse-abandonment"];
      return t(`timing.${key}`, { delay: durationWords(s.delayHours * 60, t) });
    }
  }
  throw new Error(`no timing words for ${key satisfies never}`);
}
