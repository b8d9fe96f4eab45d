// The logo a merchant uploads: bounded before it is read, recognised by its bytes (never by the file
// name or the type the browser claims), stored in the database, and served by the app at an address
// that names its hash. A script calling the public route gets a stored logo or a 404, nothing else.
import { createHash } from "node:crypto";
import type { Db } from "~/db.server";
import { readBodyLimited } from "~/.server/http/body-limit";

export const MAX_LOGO_BYTES = 512 * 1024;
/** Sent emails keep pointing at the logo they carried; older uploads than these are dropped. */
export const KEPT_LOGOS = 5;

export const LOGO_TYPES = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
} as const;
export type LogoType = keyof typeof LOGO_TYPES;

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The image type the bytes' signature names, or null when they are not one of the four. */
export function sniffImage(bytes: Uint8Array): LogoType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "image/gif";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  return null;
}

export type LogoRefusal = "too_large" | "not_image" | "missing";
export type LogoUpload = { ok: true; file: string } | { ok: false; reason: LogoRefusal };

/**
 * Reads a multipart upload (field `logo`) of at most `bodyLimit` bytes: a larger declared body is
 * refused unread, an undeclared one is cut off at the cap.
 */
export async function readLogoUpload(request: Request, bodyLimit: number): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; reason: LogoRefusal }> {
  const body = await readBodyLimited(request, bodyLimit);
  if (!body.ok) return { ok: false, reason: "too_large" };
  let form: FormData;
  try {
    form = await new Request(request.url, { method: "POST", headers: { "Content-Type": request.headers.get("Content-Type") ?? "" }, body: body.bytes }).formData();
  } catch {
    return { ok: false, reason: "missing" };
  }
  const file = form.get("logo");
  if (!file || typeof file === "string") return { ok: false, reason: "missing" };
  if (file.size > MAX_LOGO_BYTES) return { ok: false, reason: "too_large" };
  return { ok: true, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** Stores the logo and makes it the shop's; the same picture uploaded again keeps its address. */
export async function saveLogo(db: Db, shop: string, bytes: Uint8Array, now: Date): Promise<LogoUpload> {
  if (bytes.byteLength > MAX_LOGO_BYTES) return { ok: false, reason: "too_large" };
  const type = sniffImage(bytes);
  if (!type) return { ok: false, reason: "not_image" };
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const file = `${sha256}.${LOGO_TYPES[type]}`;
  await db.$transaction(async (tx) => {
    await tx.shopLogo.upsert({
      where: { shop_sha256: { shop, sha256 } },
      create: { shop, sha256, contentType: type, bytes: Buffer.from(bytes), createdAt: now },
      update: { createdAt: now },
    });
    await tx.shop.update({ where: { domain: shop }, data: { brandLogoFile: file } });
    const old = await tx.shopLogo.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, skip: KEPT_LOGOS, select: { sha256: true } });
    if (old.length > 0) await tx.shopLogo.deleteMany({ where: { shop, sha256: { in: old.map((o) => o.sha256) } } });
  });
  return { ok: true, file };
}

/** The header shows the shop's name (or its logo URL) again; the stored copies stay for emails already sent. */
export async function removeLogo(db: Db, shop: string): Promise<void> {
  await db.shop.update({ where: { domain: shop }, data: { brandLogoFile: null } });
}

const FILE = /^([0-9a-f]{64})\.(png|jpg|gif|webp)$/;

/** The stored logo named by the public path, or null: an unknown shop, hash or extension all read the same. */
export async function readLogo(db: Db, shop: string | undefined, file: string | undefined): Promise<{ contentType: LogoType; bytes: Uint8Array<ArrayBuffer> } | null> {
  const m = FILE.exec(file ?? "");
  if (!shop || !m) return null;
  const row = await db.shopLogo.findUnique({ where: { shop_sha256: { shop, sha256: m[1] } } });
  if (!row || !(row.contentType in LOGO_TYPES) || LOGO_TYPES[row.contentType as LogoType] !== m[2]) return null;
  return { contentType: row.contentType as LogoType, bytes: new Uint8Array(row.bytes) };
}
