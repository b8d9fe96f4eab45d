import { data, type ActionFunctionArgs } from "@remix-run/node";
import { loadAdminShop } from "~/.server/admin/auth";
import { previewTemplate } from "~/.server/admin/preview";
import { isEmailScenario } from "~/.server/channels/email/variables";
import { env } from "~/env.server";

// Resource route: the editor posts its unsaved template here and gets rendered previews back.
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const admin = await loadAdminShop(request);
  const key = params.key ?? "";
  const body = (await request.json().catch(() => null)) as { lang?: unknown; step?: unknown; template?: Record<string, unknown>; subjectB?: unknown } | null;
  const tpl = body?.template;
  if (!isEmailScenario(key) || !tpl || typeof tpl.subject !== "string" || typeof tpl.preheader !== "string" || typeof tpl.body !== "string") {
    return data({ errors: { form: admin.t("error.scenario") }, items: [] }, { status: 400 });
  }
  const lang = body?.lang === "ko" ? "ko" : "en";
  const subjectB = typeof body?.subjectB === "string" && body.subjectB.trim() ? body.subjectB.trim() : null;
  const template = { subject: tpl.subject, preheader: tpl.preheader, body: tpl.body };
  const step = body?.step === 1 || body?.step === 2 ? body.step : 0;
  return previewTemplate(admin.row, key, lang, template, subjectB, `${env().appUrl}/unsubscribe`, step);
};
