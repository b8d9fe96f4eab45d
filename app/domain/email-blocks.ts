// An email built from blocks, and its compiler to the Liquid body every email is sent from. The
// merchant's words are data: everything they type is escaped as HTML and cannot open a Liquid tag;
// only a variable written as `{{ path }}` (a chip in the editor) becomes Liquid, and an optional one
// always gets its fallback. The compiled body then meets the same save-time checks as hand-written
// Liquid (~/.server/channels/email/validate), so blocks add no way around them.
import { z } from "zod";

export const BLOCK_TYPES = ["heading", "text", "button", "image", "products", "coupon", "divider", "spacer"] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];

/** The lists a product block can show; each scenario offers the ones its variables hold. */
export const PRODUCT_SOURCES = ["checkout.items", "order.items", "product", "recommendations"] as const;
export type ProductSource = (typeof PRODUCT_SOURCES)[number];

/** Links a button can point at without typing an address; any other target is an https URL. */
export const LINK_VARIABLES = ["shop.url", "checkout.url", "coupon.url", "product.url", "order.review_url", "unsubscribe_url"] as const;

export const SPACER_SIZES = { small: 12, medium: 24, large: 40 } as const;
export type SpacerSize = keyof typeof SPACER_SIZES;

const MAX_TEXT = 4_000;
const MAX_BLOCKS = 60;

const text = z.string().max(MAX_TEXT);
const httpsUrl = z
  .string()
  .max(2_000)
  .refine((v) => /^https:\/\/[^\s"'<>]+$/i.test(v), "must be an https:// address");
const linkTarget = z.union([z.enum(LINK_VARIABLES), httpsUrl]);

const blockSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("heading"), text }).strict(),
  z.object({ type: z.literal("text"), text }).strict(),
  z.object({ type: z.literal("button"), label: z.string().min(1).max(200), href: linkTarget }).strict(),
  z.object({ type: z.literal("image"), src: httpsUrl, alt: z.string().min(1).max(300), href: linkTarget.optional(), width: z.number().int().min(40).max(560).optional() }).strict(),
  z.object({ type: z.literal("products"), source: z.enum(PRODUCT_SOURCES), title: z.string().max(200).optional(), reviewLabel: z.string().max(200).optional() }).strict(),
  z.object({ type: z.literal("coupon"), text }).strict(),
  z.object({ type: z.literal("divider") }).strict(),
  z.object({ type: z.literal("spacer"), size: z.enum(["small", "medium", "large"]) }).strict(),
]);

export type EmailBlock = z.infer<typeof blockSchema>;

/** The blocks, and the words shown when an optional variable is empty (by variable path). */
export type BlockDocument = { blocks: EmailBlock[]; fallbacks: Record<string, string> };

const FALLBACK = z
  .string()
  .max(100)
  .refine((v) => !/["{}\\]/.test(v), 'cannot contain ", {, } or \\');

export const blockDocumentSchema = z
  .object({
    blocks: z.array(blockSchema).max(MAX_BLOCKS),
    fallbacks: z.record(z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/), FALLBACK).default({}),
  })
  .strict();

export type BlockParse = { ok: true; doc: BlockDocument } | { ok: false; error: string };

/** Untrusted JSON (the editor's post) → a block document, or the first problem in words. */
export function parseBlockDocument(value: unknown): BlockParse {
  const parsed = blockDocumentSchema.safeParse(value);
  if (parsed.success) return { ok: true, doc: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return { ok: false, error: `${where}${issue.message}` };
}

/** What the compiler needs to know of a scenario: which variables can be empty, and their usual fallbacks. */
export type CompileContext = {
  lang: "en" | "ko";
  /** Variable paths that may be empty for some customers: each gets `| default: "…"`. */
  optional: readonly string[];
  /** A fallback used when the document gives none (e.g. "there" for a first name). */
  defaultFallback: (path: string) => string;
};

const TOKEN = /\{\{\s*([a-z_]+(?:\.[a-z_]+)*)\s*\}\}/g;

/** HTML-escaped, and no `{` or `}` survives as such, so typed text can never open Liquid. */
export function escapeText(value: string): string {
  return value.replace(/[&<>"'{}]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The variables a piece of merchant text uses, in order of first use. */
export function variablesIn(value: string): string[] {
  const seen = new Set<string>();
  for (const m of value.matchAll(TOKEN)) seen.add(m[1]);
  return [...seen];
}

function output(path: string, doc: BlockDocument, ctx: CompileContext): string {
  if (!ctx.optional.includes(path)) return `{{ ${path} }}`;
  const fallback = doc.fallbacks[path] ?? ctx.defaultFallback(path);
  return `{{ ${path} | default: "${fallback.replace(/["{}\\]/g, "")}" }}`;
}

/** Merchant text with its chips: escaped words, and a Liquid output for each `{{ path }}`. */
function inline(value: string, doc: BlockDocument, ctx: CompileContext): string {
  let out = "";
  let last = 0;
  for (const m of value.matchAll(TOKEN)) {
    out += escapeText(value.slice(last, m.index));
    out += output(m[1], doc, ctx);
    last = m.index + m[0].length;
  }
  return out + escapeText(value.slice(last));
}

/** Blank lines start a paragraph; a single line break stays a line break. */
function paragraphs(value: string, doc: BlockDocument, ctx: CompileContext, style = ""): string {
  return value
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p${style}>${p.split("\n").map((line) => inline(line, doc, ctx)).join("<br>")}</p>`)
    .join("\n");
}

function href(target: string): string {
  return (LINK_VARIABLES as readonly string[]).includes(target) ? `{{ ${target} }}` : escapeText(target);
}

const LABELS = {
  en: { quantity: "Qty", each: "each" },
  ko: { quantity: "수량", each: "개당" },
} as const;

/** One product as a card: picture when there is one (never an empty image), name, variant, price, link. */
function productCard(v: string, ctx: CompileContext, opts: { quantity: boolean; variant: boolean; review: string | null }): string {
  const l = LABELS[ctx.lang];
  // Optional fields carry an empty fallback: the save-time check wants one wherever a value can be missing.
  const opt = (field: string) => `{{ ${v}.${field} | default: "" }}`;
  const price = ctx.lang === "ko" ? `${l.each} ${opt("price")}` : `${opt("price")} ${l.each}`;
  const quantity = opts.quantity ? `{% if ${v}.quantity %}${l.quantity} {{ ${v}.quantity }} · {% endif %}` : "";
  const review = opts.review ? `{% if ${v}.review_url %}<br><a class="button" href="{{ ${v}.review_url }}">${escapeText(opts.review)}</a>{% endif %}` : "";
  // A product whose page is unknown is shown without links rather than with an empty one.
  const linked = (inner: string, plain: string) => `{% if ${v}.url %}<a href="{{ ${v}.url }}"${inner}{% else %}${plain}{% endif %}`;
  const img = `<img src="${opt("image_url")}" alt="{{ ${v}.image_alt | default: ${v}.title }}" width="96" style="display:block;width:96px;max-width:96px;height:auto;border:0;border-radius:6px">`;
  return [
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 16px"><tr>`,
    `{% if ${v}.image_url %}<td width="96" style="width:96px;padding:0 16px 0 0;vertical-align:top">${linked(`>${img}</a>`, img)}</td>{% endif %}`,
    `<td style="vertical-align:top">${linked(` style="font-weight:600">{{ ${v}.title }}</a>`, `<strong>{{ ${v}.title }}</strong>`)}`,
    opts.variant ? `{% if ${v}.variant_title %}<br>${opt("variant_title")}{% endif %}` : "",
    `{% if ${v}.price %}<br>${quantity}${price}{% endif %}${review}</td>`,
    `</tr></table>`,
  ].join("");
}

/**
 * A list draws a card per product, under its title, and nothing at all when it is empty. The order's
 * items with a review label get a review button each; an order whose items are unknown (placed
 * before they were kept) gets one button to the order's review page instead.
 */
function productsBlock(block: Extract<EmailBlock, { type: "products" }>, doc: BlockDocument, ctx: CompileContext): string {
  const title = block.title ? `<p style="margin:16px 0 8px;font-weight:700">${inline(block.title, doc, ctx)}</p>` : "";
  if (block.source === "product") return title + productCard("product", ctx, { quantity: false, variant: false, review: null });
  const review = block.source === "order.items" && block.reviewLabel ? block.reviewLabel : null;
  const card = productCard("item", ctx, { quantity: block.source !== "recommendations", variant: block.source !== "recommendations", review });
  const list = `{% for item in ${block.source} %}${card}{% endfor %}`;
  if (review) return `{% if ${block.source}.size > 0 %}${title}${list}{% else %}<p style="margin:20px 0"><a class="button" href="{{ order.review_url }}">${escapeText(review)}</a></p>{% endif %}`;
  return `{% if ${block.source}.size > 0 %}${title}${list}{% endif %}`;
}

export function compileBlock(block: EmailBlock, doc: BlockDocument, ctx: CompileContext): string {
  switch (block.type) {
    case "heading":
      return `<h2 style="margin:0 0 12px;font-size:22px;line-height:1.3">${inline(block.text.replace(/\s*\n\s*/g, " "), doc, ctx)}</h2>`;
    case "text":
      return paragraphs(block.text, doc, ctx);
    case "button":
      return `<p style="margin:20px 0"><a class="button" href="${href(block.href)}">${inline(block.label, doc, ctx)}</a></p>`;
    case "image": {
      const width = block.width ?? 560;
      const img = `<img src="${escapeText(block.src)}" alt="${escapeText(block.alt)}" width="${width}" style="display:block;width:100%;max-width:${width}px;height:auto;border:0">`;
      return `<p style="margin:0 0 16px">${block.href ? `<a href="${href(block.href)}">${img}</a>` : img}</p>`;
    }
    case "products":
      return productsBlock(block, doc, ctx);
    case "coupon":
      return [
        `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:16px 0"><tr>`,
        `<td style="border:2px dashed #6b7280;border-radius:8px;padding:16px;text-align:center">`,
        `<p style="margin:0;font-size:24px;font-weight:700;letter-spacing:2px">{{ coupon.code }}</p>`,
        paragraphs(block.text, doc, ctx, ` style="margin:8px 0 0"`),
        `</td></tr></table>`,
      ].join("");
    case "divider":
      return `<hr style="border:0;border-top:1px solid #d1d5db;margin:24px 0">`;
    case "spacer": {
      const px = SPACER_SIZES[block.size];
      return `<div style="height:${px}px;line-height:${px}px;font-size:1px">&#160;</div>`;
    }
  }
}

/** The Liquid body the blocks stand for: one line per block, in order. */
export function compileBlocks(doc: BlockDocument, ctx: CompileContext): string {
  return doc.blocks.map((block) => compileBlock(block, doc, ctx)).join("\n");
}

/** The variables a document uses, for the editor's chips and their fallbacks. */
export function documentVariables(doc: BlockDocument): string[] {
  const seen = new Set<string>();
  for (const block of doc.blocks) {
    const texts = block.type === "heading" || block.type === "text" || block.type === "coupon" ? [block.text] : block.type === "button" ? [block.label] : block.type === "products" && block.title ? [block.title] : [];
    for (const t of texts) for (const path of variablesIn(t)) seen.add(path);
  }
  return [...seen];
}

/** A new block of a type, as the editor adds it. */
export function newBlock(type: BlockType, lang: "en" | "ko"): EmailBlock {
  const ko = lang === "ko";
  switch (type) {
    case "heading":
      return { type, text: ko ? "제목" : "Heading" };
    case "text":
      return { type, text: "" };
    case "button":
      return { type, label: ko ? "쇼핑하러 가기" : "Shop now", href: "shop.url" };
    case "image":
      return { type, src: "https://", alt: "" };
    case "products":
      return { type, source: "checkout.items" };
    case "coupon":
      return { type, text: ko ? "{{ coupon.ends_at }}까지 사용할 수 있어요." : "Use it by {{ coupon.ends_at }}." };
    case "divider":
      return { type };
    case "spacer":
      return { type, size: "medium" };
  }
}
