// What the open pixel and the click redirect do behind their routes. A token that does not verify
// is refused before the database is asked anything, and never becomes a redirect.
import type { Message } from "@prisma/client";
import type { Db } from "~/db.server";
import { storefrontUrl } from "~/.server/dispatch/facts";
import { recordClick, recordOpen } from "./events";
import { signTracking, verifyTracking } from "./tokens";

export type OpenResult = { ok: true; recorded: boolean } | { ok: false; reason: string };
export type ClickResult =
  | { ok: true; location: string; recorded: boolean }
  /** `storefront`: where the shopper goes instead, the home page of the message's shop when it is known. */
  | { ok: false; reason: string; storefront: string | null };

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

/**
 * Why a genuine click token may not lead to its URL, or null when it may. The token proves we signed
 * the URL once; the message (which must still exist: a redacted one does not) says whether that still
 * stands: not a merchant's test, and a link it actually sent. Messages sent before links were recorded
 * have none; for them the signature has to be enough, or every link in those emails would stop working.
 */
function refusal(m: Pick<Message, "test" | "links">, url: string): string | null {
  if (m.test) return "a test send is not tracked";
  if (m.links === null) return null;
  return recordedLinks(m.links).includes(url) ? null : "not a link the message sent";
}

function recordedLinks(json: string): string[] {
  try {
    const links: unknown = JSON.parse(json);
    return Array.isArray(links) ? links.filter((l): l is string => typeof l === "string") : [];
  } catch {
    return [];
  }
}

export async function trackClick(db: Db, token: string | undefined, secret: string, now: Date): Promise<ClickResult> {
  const verdict = verifyTracking(token, secret, "click");
  if (!verdict.ok) return { ...verdict, storefront: null };
  if (verdict.claim.kind !== "click") return { ok: false, reason: "not a click token", storefront: null };
  const { messageId, url } = verdict.claim;
  const m = await db.message.findUnique({ where: { id: messageId } });
  if (!m) return { ok: false, reason: "the message no longer exists", storefront: null };
  const refused = refusal(m, url);
  if (refused) {
    const shop = await db.shop.findUnique({ where: { domain: m.shop }, select: { domain: true, primaryDomain: true } });
    return { ok: false, reason: refused, storefront: shop ? storefrontUrl(shop) : null };
  }
  const recorded = await recordClick(db, m, url, now);
  const ref = signTracking({ kind: "ref", messageId }, secret);
  return { ok: true, location: destinationWithUtm(url, m, ref), recorded };
}
