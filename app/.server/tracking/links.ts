// Adds measurement to a rendered email at send time: every web link goes through the click redirect,
// and an open pixel closes the HTML. The preview never passes through here, so it shows the real links.
import type { RenderedEmail } from "~/.server/channels/email/render";
import { signTracking } from "./tokens";

export type TrackingInput = { appUrl: string; secret: string; messageId: string; /** Left untouched: it must keep working on its own. */ unsubscribeUrl: string };

const HREF = /(<a\b[^>]*?\bhref\s*=\s*)(["'])(.*?)\2/gi;
const TEXT_URL = /https?:\/\/[^\s<>"'\]]+/gi;

function decodeAttribute(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function encodeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function trackingBase(appUrl: string): string {
  return appUrl.replace(/\/+$/, "");
}

export function clickUrl(t: Pick<TrackingInput, "appUrl" | "secret" | "messageId">, url: string): string {
  return `${trackingBase(t.appUrl)}/t/c/${signTracking({ kind: "click", messageId: t.messageId, url }, t.secret)}`;
}

export function openPixelUrl(t: Pick<TrackingInput, "appUrl" | "secret" | "messageId">): string {
  return `${trackingBase(t.appUrl)}/t/o/${signTracking({ kind: "open", messageId: t.messageId }, t.secret)}`;
}

function tracked(url: string, t: TrackingInput): boolean {
  return /^https?:\/\//i.test(url) && url !== t.unsubscribeUrl && !url.startsWith(`${trackingBase(t.appUrl)}/t/`);
}

/** `links`: every destination its click tokens name, recorded with the sent message (trackClick redirects only there). */
export type TrackedEmail = { email: RenderedEmail; links: string[] };

export function addTracking(email: RenderedEmail, t: TrackingInput): TrackedEmail {
  const links = new Set<string>();
  const through = (url: string) => {
    links.add(url);
    return clickUrl(t, url);
  };
  const html = email.html.replace(HREF, (whole, start: string, quote: string, raw: string) => {
    const url = decodeAttribute(raw.trim());
    return tracked(url, t) ? `${start}${quote}${encodeAttribute(through(url))}${quote}` : whole;
  });
  const pixel = `<img src="${encodeAttribute(openPixelUrl(t))}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" />`;
  const withPixel = /<\/body>/i.test(html) ? html.replace(/<\/body>/i, `${pixel}</body>`) : `${html}${pixel}`;
  const text = email.text.replace(TEXT_URL, (url) => (tracked(url, t) ? through(url) : url));
  return { email: { ...email, html: withPixel, text }, links: [...links] };
}
