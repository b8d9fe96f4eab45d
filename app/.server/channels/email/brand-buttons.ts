// Buttons in the shop's style. Bodies mark a button as `<a class="button" href="…">Label</a>`; the
// style goes inline on the tag, because Gmail and many other clients drop <style> blocks.
import { BUTTON_RADIUS, buttonColours, type Brand } from "~/domain/brand";
import { escapeHtml } from "./escape";

/** No font-family: the link takes the email's font, and the layout cache (layout-frame.ts) stays usable. */
export function buttonStyle(brand: Pick<Brand, "accent" | "buttonFill" | "buttonShape">): string {
  const c = buttonColours(brand);
  return [
    "display:inline-block",
    "padding:12px 20px",
    `background:${c.background}`,
    `color:${c.text}`,
    `border:2px solid ${c.border}`,
    `border-radius:${BUTTON_RADIUS[brand.buttonShape]}`,
    "text-decoration:none",
    "font-weight:600",
  ].join(";");
}

/** An attribute as htmlparser2 reads it: a name, then maybe a quoted or bare value. */
const ATTRIBUTE = /\s+([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/y;
const ANCHOR_OPEN = /<a(?=[\s>/])/gi;

type Attribute = { name: string; value: string | null };

/** The attributes of the tag that starts at `from` (just after `<a`), and where the tag ends; null when it is not a well-formed tag. */
function readTag(html: string, from: number): { attributes: Attribute[]; end: number } | null {
  const attributes: Attribute[] = [];
  let at = from;
  for (;;) {
    ATTRIBUTE.lastIndex = at;
    const m = ATTRIBUTE.exec(html);
    if (!m) break;
    const raw = m[2] ?? null;
    attributes.push({ name: m[1].toLowerCase(), value: raw === null ? null : raw.replace(/^["']|["']$/g, "") });
    at = ATTRIBUTE.lastIndex;
  }
  const close = /^\s*\/?>/.exec(html.slice(at));
  return close ? { attributes, end: at + close[0].length } : null;
}

/**
 * Adds the brand's inline style to every `<a>` whose class list holds `button` and that has no style
 * of its own (a merchant's explicit style wins). Nothing else in the markup changes: the tag's other
 * attributes are copied as they were written, escaped as the template escaped them.
 */
export function styleButtons(html: string, brand: Pick<Brand, "accent" | "buttonFill" | "buttonShape">): string {
  const style = ` style="${escapeHtml(buttonStyle(brand))}"`;
  let out = "";
  let last = 0;
  for (const m of html.matchAll(ANCHOR_OPEN)) {
    const start = m.index + m[0].length;
    const tag = readTag(html, start);
    if (!tag) continue;
    const classes = tag.attributes.find((a) => a.name === "class")?.value?.split(/\s+/) ?? [];
    if (!classes.includes("button") || tag.attributes.some((a) => a.name === "style")) continue;
    out += html.slice(last, start) + style;
    last = start;
  }
  return out + html.slice(last);
}
