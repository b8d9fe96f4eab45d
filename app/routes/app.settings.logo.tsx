// The brand logo's upload and removal (the settings page's brand section posts here). The body is
// bounded by LOGO_BODY_LIMIT, here and in server.ts before any route runs.
import type { ActionFunctionArgs } from "@remix-run/node";
import { loadAdminShop } from "~/.server/admin/auth";
import { removeLogo, readLogoUpload, saveLogo } from "~/.server/brand/logo";
import { LOGO_BODY_LIMIT } from "~/.server/http/body-limit";
import { db } from "~/db.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const admin = await loadAdminShop(request);
  if (request.method === "DELETE") {
    await removeLogo(db, admin.shop);
    return Response.json({ ok: true });
  }
  const upload = await readLogoUpload(request, LOGO_BODY_LIMIT);
  const saved = upload.ok ? await saveLogo(db, admin.shop, upload.bytes, new Date()) : upload;
  if (saved.ok) return Response.json({ ok: true });
  return Response.json({ ok: false, error: admin.t(`settings.brand.logoError.${saved.reason}`) }, { status: saved.reason === "too_large" ? 413 : 400 });
};
