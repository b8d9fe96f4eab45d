import { data, type ActionFunctionArgs } from "@remix-run/node";
import { loadAdminShop } from "~/.server/admin/auth";
import { previewTemplate } from "~/.server/admin/preview";
import { templateFromInput } from "~/.server/channels/email/blocks";
import { isEmailScenario, templateKey } from "~/.server/channels/email/variables";
import { templateSlot } from "~/domain/template-slot";
import { env } from "~/env.server";

// Resource route: the editor posts its unsaved template here and gets rendered previews back.
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const admin = await loadAdminShop(request);
  const key = params.key ?? "";
  const body = (await request.json().catch(() => null)) as { lang?: unknown; step?: unknown; template?: unknown; subjectB?: unknown } | null;
  if (!isEmailScenario(key)) return data({ errors: { form: admin.t("error.scenario") }, items: [] }, { status: 400 });
  const lang = body?.lang === "ko" ? "ko" : "en";
  const step = body?.step === 1 || body?.step === 2 ? body.step : 0;
  const slot = templateSlot(lang, step);
  const template = templateFromInput(templateKey(key, step), lang, body?.template);
  if (!template.ok) return data({ errors: { [`templates.${slot}.${template.field}`]: template.error }, items: [] }, { status: 400 });
  const subjectB = typeof body?.subjectB === "string" && body.subjectB.trim() ? body.subjectB.trim() : null;
  return previewTemplate(admin.row, key, lang, template.template, subjectB, { appUrl: env().appUrl, unsubscribeUrl: `${env().appUrl}/unsubscribe` }, step);
};
