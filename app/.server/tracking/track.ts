// What the open pixel and the click redirect do behind their routes. A token that does not verify
// is refused before the database is asked anything, and never becomes a redirect.
import type { Message } from "@prisma/client";
import type { Db } from "~/db.server";
import { recordClick, recordOpen } from "./events";
import { signTracking, verifyTracking } from "./tokens";

export type OpenResult = { ok: true; recorded: boolean } | { ok: false; reason: string };
export type ClickResult = { ok: true; location: string; recorded: boolean } | { ok: false; reason: string };

export const UTM_SOURCE = "timing-crm";

/** UTM parameters the merchant did not set themselves, and our storefront reference. */
export function destinationWithUtm(url: string, m: Pick<Message, "scenario" | "variant" | "step"> | null, ref: string): string {
  const target = new URL(url);
  if (m) {
    const utm: Record<string, string> = {
      utm_source: UTM_SOURCE,
      utm_medium: "email",
      utm_campaign: m.scenario,
      utm_content: m.variant ? `variant-${m.variant}` : `step-${m.step}`,
    };
    for (const [name, value] of Object.entries(utm)) if (!target.searchParams.has(name)) target.searchParams.set(name, value);
  }
  target.searchParams.set("crm_ref", ref);
  return target.toString();
}

export async function trackOpen(db: Db, token: string | undefined, secret: string, now: Date): Promise<OpenResult> {
  const verdict = verifyTracking(token, secret, "open");
  if (!verdict.ok) return verdict;
  const m = await db.message.findUnique({ where: { id: verdict.claim.messageId } });
  return { ok: true, recorded: m ? await recordOpen(db, m, now) : false };
}

export async function trackClick(db: Db, token: string | undefined, secret: string, now: Date): Promise<ClickResult> {
  const verdict = verifyTracking(token, secret, "click");
  if (!verdict.ok) return verdict;
  if (verdict.claim.kind !== "click") return { ok: false, reason: "not a click token" };
  const { messageId, url } = verdict.claim;
  const m = await db.message.findUnique({ where: { id: messageId } });
  const recorded = m ? await recordClick(db, m, url, now) : false;
  const ref = signTracking({ kind: "ref", messageId }, secret);
  return { ok: true, location: destinationWithUtm(url, m, ref), recorded };
}
