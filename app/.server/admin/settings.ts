// The shop's settings and the first-run onboarding: validated with zod, saved in one write, and
// nothing saved when any field is refused.
import type { Shop } from "@prisma/client";
import { z } from "zod";
import { koreanAdRulesApply, shopPolicy } from "~/.server/shops";
import { checkReviewUrlPattern } from "~/domain/review-link";
import { SCENARIO_KEYS } from "~/domain/scenarios";
import type { ScenarioKey } from "~/domain/types";
import type { Translate } from "~/i18n";
import type { FieldErrors } from "./scenario-form";
import { tooSoonError, verificationNotice, type Notice } from "./sender";
import { saveSenderAddress, type SenderVerifyDeps } from "~/.server/sender/verification";
import { SIGNUP_OPT_IN, type SignupOptIn } from "~/.server/channels/onsite/signup";
import { brandSchema, brandValues, type BrandValues } from "./brand-settings";

export type SettingsValues = {
  senderName: string;
  senderEmail: string;
  replyTo: string;
  postalAddress: string;
  contact: string;
  koreanAdRules: boolean;
  consentWriteBack: boolean;
  reviewUrlPattern: string;
  budgetMinGapHours: number;
  budgetMaxPer7Days: number;
  priority: ScenarioKey[];
  quietHoursOn: boolean;
  quietHoursStart: string;
  quietHoursEnd: string;
  locale: "en" | "ko";
  attributionDays: number;
  holdoutPercent: number;
  anonymousCodesPerDay: number;
  signupOptIn: SignupOptIn;
  /** Segment thresholds (~/domain/segments); the VIP amount in the shop's currency, null for the top share. */
  segmentLoyalOrders: number;
  segmentVipTopPercent: number;
  segmentVipMinSpent: number | null;
  segmentDormantDays: number;
  segmentEngagedDays: number;
} & BrandValues;

export function settingsValues(shop: Shop): SettingsValues {
  const quiet = Boolean(shop.quietHoursStart && shop.quietHoursEnd);
  return {
    senderName: shop.senderName ?? "",
    senderEmail: shop.senderEmail ?? "",
    replyTo: shop.replyTo ?? "",
    postalAddress: shop.postalAddress ?? "",
    contact: shop.contact ?? "",
    koreanAdRules: shop.koreanAdRules,
    consentWriteBack: shop.consentWriteBack,
    reviewUrlPattern: shop.reviewUrlPattern,
    budgetMinGapHours: shop.budgetMinGapHours,
    budgetMaxPer7Days: shop.budgetMaxPer7Days,
    priority: shopPolicy(shop).priority,
    quietHoursOn: quiet,
    quietHoursStart: shop.quietHoursStart || "21:00",
    quietHoursEnd: shop.quietHoursEnd || "08:00",
    locale: shop.locale.toLowerCase().startsWith("ko") ? "ko" : "en",
    attributionDays: shop.attributionDays,
    holdoutPercent: shop.holdoutPercent,
    anonymousCodesPerDay: shop.anonymousCodesPerDay,
    signupOptIn: shop.signupOptIn === "single" ? "single" : "double",
    segmentLoyalOrders: shop.segmentLoyalOrders,
    segmentVipTopPercent: shop.segmentVipTopPercent,
    segmentVipMinSpent: shop.segmentVipMinSpentCents === null ? null : shop.segmentVipMinSpentCents / 100,
    segmentDormantDays: shop.segmentDormantDays,
    segmentEngagedDays: shop.segmentEngagedDays,
    ...brandValues(shop),
  };
}

const int = (t: Translate, min: number, max: number) => {
  const message = t("error.int", { min, max });
  return z.number(message).int(message).min(min, message).max(max, message);
};
const text = (t: Translate, max: number) => z.string().trim().max(max, t("error.tooLong", { max }));
const required = (t: Translate, max: number) => text(t, max).min(1, t("error.required"));
const email = (t: Translate) => z.string().trim().pipe(z.email(t("error.email")));
const optionalEmail = (t: Translate) => z.string().trim().pipe(z.union([z.literal(""), z.email(t("error.email"))]));
const time = (t: Translate) => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, t("error.time"));

function settingsSchema(t: Translate) {
  return brandSchema(t, {
    senderName: required(t, 100),
    senderEmail: email(t),
    replyTo: optionalEmail(t),
    postalAddress: required(t, 300),
    contact: text(t, 100),
    koreanAdRules: z.boolean(),
    consentWriteBack: z.boolean(),
    reviewUrlPattern: z
      .string()
      .trim()
      .max(300, t("error.tooLong", { max: 300 }))
      .superRefine((v, ctx) => {
        const checked = checkReviewUrlPattern(v);
        if (!checked.ok) ctx.addIssue({ code: "custom", message: t("error.reviewUrl", { detail: checked.error }) });
      }),
    budgetMinGapHours: int(t, 0, 168),
    budgetMaxPer7Days: int(t, 1, 21),
    priority: z
      .array(z.string())
      .refine((p) => p.length === SCENARIO_KEYS.length && SCENARIO_KEYS.every((k) => p.includes(k)), t("error.priority")),
    quietHoursOn: z.boolean(),
    quietHoursStart: time(t),
    quietHoursEnd: time(t),
    locale: z.enum(["en", "ko"]),
    attributionDays: int(t, 1, 30),
    holdoutPercent: int(t, 0, 50),
    anonymousCodesPerDay: int(t, 0, 10_000),
    signupOptIn: z.enum(SIGNUP_OPT_IN),
    // Absent: unchanged (a client that predates segments keeps the shop's thresholds).
    segmentLoyalOrders: int(t, 2, 50).optional(),
    segmentVipTopPercent: int(t, 1, 50).optional(),
    segmentVipMinSpent: int(t, 1, 100_000_000).nullable().optional(),
    segmentDormantDays: int(t, 14, 730).optional(),
    segmentEngagedDays: int(t, 1, 365).optional(),
  });
}

function fieldErrors(issues: z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}

const PHONE = /^\+?[\d\s().-]{7,20}$/;
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The contact the Korean ad rules show (ADR 018): required when the shop writes in Korean, is in Korea
 * or follows the rules, and never the sending address (often a no-reply nobody reads).
 */
function contactError(v: { contact: string; senderEmail: string; locale: string; koreanAdRules: boolean }, row: { countryCode: string | null }, t: Translate): string | null {
  const contact = v.contact.trim();
  const korean = v.koreanAdRules || v.locale === "ko" || koreanAdRulesApply({ koreanAdRules: false, countryCode: row.countryCode });
  if (!contact) return korean ? t("error.contactRequired") : null;
  if (!PHONE.test(contact) && !EMAIL_LIKE.test(contact)) return t("error.contactForm");
  if (contact.toLowerCase() === v.senderEmail.trim().toLowerCase()) return t("error.contactIsSender");
  return null;
}

export type SettingsSaved = { ok: true; notice: Notice | null } | { ok: false; errors: FieldErrors };

/** A new sender address is emailed its verification link in the same save (~/.server/sender/verification). */
export async function saveSettings(deps: SenderVerifyDeps, shop: string, input: unknown, t: Translate, now: Date): Promise<SettingsSaved> {
  const result = settingsSchema(t).safeParse(input);
  if (!result.success) return { ok: false, errors: fieldErrors(result.error.issues) };
  const v = result.data;
  const row = await deps.db.shop.findUniqueOrThrow({ where: { domain: shop } });
  const contact = contactError(v, row, t);
  if (contact) return { ok: false, errors: { contact } };
  const data = {
    senderName: v.senderName,
    senderEmail: v.senderEmail,
    replyTo: v.replyTo || null,
    postalAddress: v.postalAddress,
    contact: v.contact || null,
    koreanAdRules: v.koreanAdRules,
    consentWriteBack: v.consentWriteBack,
    reviewUrlPattern: v.reviewUrlPattern,
    budgetMinGapHours: v.budgetMinGapHours,
    budgetMaxPer7Days: v.budgetMaxPer7Days,
    scenarioPriority: JSON.stringify(v.priority),
    // Empty quiet hours mean none (see shopPolicy).
    quietHoursStart: v.quietHoursOn ? v.quietHoursStart : "",
    quietHoursEnd: v.quietHoursOn ? v.quietHoursEnd : "",
    locale: v.locale,
    attributionDays: v.attributionDays,
    holdoutPercent: v.holdoutPercent,
    anonymousCodesPerDay: v.anonymousCodesPerDay,
    signupOptIn: v.signupOptIn,
    segmentLoyalOrders: v.segmentLoyalOrders ?? row.segmentLoyalOrders,
    segmentVipTopPercent: v.segmentVipTopPercent ?? row.segmentVipTopPercent,
    segmentVipMinSpentCents: v.segmentVipMinSpent === undefined ? row.segmentVipMinSpentCents : v.segmentVipMinSpent === null ? null : v.segmentVipMinSpent * 100,
    segmentDormantDays: v.segmentDormantDays ?? row.segmentDormantDays,
    segmentEngagedDays: v.segmentEngagedDays ?? row.segmentEngagedDays,
    brandAccent: v.brandAccent,
    brandButtonFill: v.brandButtonFill,
    brandButtonShape: v.brandButtonShape,
    brandFont: v.brandFont,
    brandLogoUrl: v.brandLogoUrl || null,
  };
  const saved = await saveSenderAddress(deps, row, v.senderEmail, data, now);
  if (!saved.ok) return { ok: false, errors: { senderEmail: tooSoonError(saved.retryAt, row, t) } };
  return { ok: true, notice: saved.verification && verificationNotice(saved.verification, t) };
}

function onboardingSchema(t: Translate) {
  return z.object({
    senderName: required(t, 100),
    senderEmail: email(t),
    postalAddress: required(t, 300),
    locale: z.enum(["en", "ko"]),
    acknowledged: z.literal(true, t("error.ack")),
  });
}

/** First run: sender identity, postal address, language, and the double-send warning acknowledged. */
export async function completeOnboarding(deps: SenderVerifyDeps, shop: string, input: unknown, now: Date, t: Translate): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const result = onboardingSchema(t).safeParse(input);
  if (!result.success) return { ok: false, errors: fieldErrors(result.error.issues) };
  const { senderName, senderEmail, postalAddress, locale } = result.data;
  const row = await deps.db.shop.findUniqueOrThrow({ where: { domain: shop } });
  // The address is emailed its link here too; the settings page shows whether it arrived.
  const saved = await saveSenderAddress(deps, row, senderEmail, { senderName, postalAddress, locale, onboardedAt: now }, now);
  if (!saved.ok) return { ok: false, errors: { senderEmail: tooSoonError(saved.retryAt, row, t) } };
  return { ok: true };
}
