// MJML is the costly step of rendering an email, and nearly all of its work is the frame: the shop's
// header, the columns, the styles, the Outlook conditionals. So the frame is compiled once per
// language and shop identity, with markers where the message's pieces (subject, preheader, body,
// footer) go, and each message only fills in its pieces. MJML copies such pieces verbatim as long
// as they are plain markup it has no reason to look into; a piece that could change how MJML reads
// the document (a comment or Outlook conditional, an `mj-` or raw-text tag, a `<` that starts no
// plain tag, a font-family that would add a font import) is rendered through MJML whole, as before.
import { layoutPieces, layoutSource, renderMjml, type LayoutInput, type LayoutPieces, type LayoutResult } from "./layout";

type Slot = keyof LayoutPieces;
type Frame = { parts: string[]; slots: Slot[] };

const SLOTS: Slot[] = ["subject", "preheader", "body", "footer"];
/** Letters only: nothing in MJML escapes, trims or rewrites them. */
const MARKER_TAG = "crmframeslot";
const marker = (slot: Slot) => `${MARKER_TAG}${slot}q`;
const MARKERS = new RegExp(`${MARKER_TAG}(${SLOTS.join("|")})q`, "g");

/** One shop per language and identity: a few hundred frames cover many shops. */
const FRAME_LIMIT = 256;
const frames = new Map<string, Promise<Frame | null>>();

/** A tag htmlparser2 (MJML's parser) ends where this ends: name, attributes with quoted or bare values. */
const PLAIN_TAG = /<\/?([a-zA-Z][a-zA-Z0-9-]*)(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/y;
/** Their content is not markup to the parser, so MJML's closing tag could hide inside. */
const RAW_TEXT = new Set(["script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext", "svg", "math"]);

/** True when every `<` opens or closes a plain HTML tag and nothing would make MJML act on the piece. */
export function plainMarkup(piece: string): boolean {
  if (piece.includes(MARKER_TAG) || /font-family/i.test(piece)) return false;
  for (let at = piece.indexOf("<"); at !== -1; at = piece.indexOf("<", at + 1)) {
    PLAIN_TAG.lastIndex = at;
    const tag = PLAIN_TAG.exec(piece);
    if (!tag) return false;
    const name = tag[1].toLowerCase();
    if (name.startsWith("mj-") || RAW_TEXT.has(name)) return false;
  }
  return true;
}

/**
 * The rendered frame split at its markers, or null when a marker landed where MJML post-processes
 * text (inside an Outlook conditional, or in a quoted stretch that names a font-family): filling
 * such a frame could differ from rendering the whole email, so those emails skip the cache.
 */
function splitFrame(html: string): Frame | null {
  const parts: string[] = [];
  const slots: Slot[] = [];
  let last = 0;
  for (const m of html.matchAll(MARKERS)) {
    const at = m.index;
    if (html.lastIndexOf("<!--[if", at) > html.lastIndexOf("<![endif]-->", at)) return null;
    const before = html.slice(html.lastIndexOf('"', at) + 1, at);
    const endQuote = html.indexOf('"', at);
    const after = html.slice(at, endQuote === -1 ? html.length : endQuote);
    if (/font-family/i.test(before) || /font-family/i.test(after)) return null;
    parts.push(html.slice(last, at));
    slots.push(m[1] as Slot);
    last = at + m[0].length;
  }
  parts.push(html.slice(last));
  return { parts, slots };
}

function frameFor(source: string): Promise<Frame | null> {
  let frame = frames.get(source);
  if (!frame) {
    frame = renderMjml(source).then((r) => (r.ok ? splitFrame(r.html) : null));
    if (frames.size >= FRAME_LIMIT) frames.delete(frames.keys().next().value as string);
    frames.set(source, frame);
  }
  return frame;
}

/** Responsive HTML from MJML, byte for byte what `renderMjml` gives for the whole document. */
export async function layoutHtml(p: LayoutInput): Promise<LayoutResult> {
  const pieces = layoutPieces(p);
  const whole = () => renderMjml(layoutSource(p.lang, p.shop, pieces));
  const framed: LayoutPieces = { ...pieces };
  const values: Partial<Record<Slot, string>> = {};
  for (const slot of SLOTS) {
    // MJML trims what it reads between its tags; an empty piece stays in the frame as it is.
    const value = pieces[slot].trim();
    if (value === "") continue;
    if (!plainMarkup(value)) return whole();
    values[slot] = value;
    framed[slot] = marker(slot);
  }
  const frame = await frameFor(layoutSource(p.lang, p.shop, framed));
  if (!frame) return whole();
  let html = frame.parts[0];
  for (const [i, slot] of frame.slots.entries()) html += values[slot]! + frame.parts[i + 1];
  return { ok: true, html };
}
