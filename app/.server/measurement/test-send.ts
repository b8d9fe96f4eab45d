// A merchant's test send: the real renderer and transport, a "[TEST]" subject, a placeholder code that
// Shopify never hears of, and a record marked as a test so that it counts nowhere. It carries no open
// pixel and its links go straight to their destination: nothing in it is counted, so nothing in it
// needs a tracking token.
import { randomBytes } from "node:crypto";
import type { Db } from "~/db.server";
import { renderEmail } from "~/.server/channels/email/render";
import { defaultTemplate, pickStoredTemplate } from "~/.server/channels/email/templates";
import type { EmailTemplate } from "~/.server/channels/email/templates/types";
import type { EmailTransport } from "~/.server/channels/email/transport";
import { validateAbSubject, validateTemplate, type TemplateError } from "~/.server/channels/email/validate";
import { discountUrl, sampleVars, templateKey, templateStep, type EmailScenarioKey, type TemplateVars } from "~/.server/channels/email/variables";
import { shopIdentity, storefrontUrl } from "~/.server/dispatch/facts";
import { koreanAdRulesApply, loadShopScenarios, senderReady } from "~/.server/shops";
import { signUnsubscribeToken, unsubscribeUrl } from "~/.server/tracking/unsubscribe";
import { senderFor } from "~/domain/sender";

/** `defaultFrom`: the operator's address, the From until the shop verified its own (~/domain/sender). */
export type TestSendDeps = { db: Db; transport: EmailTransport; appUrl: string; secret: string; defaultFrom: string };

export type TestSendInput = {
  shop: string;
  scenario: EmailScenarioKey;
  /** The step whose email to send (from 0); a step without an email of its own sends the first's. */
  step?: number;
  locale: string;
  /** The template being edited (unsaved edits included); null = the stored or default one. */
  template: EmailTemplate | null;
  /** Send variant B's subject instead of the template's. */
  subjectB?: string | null;
  to: string;
  now: Date;
  /** The sample customer the merchant previewed (e.g. one with no name); the scenario's sample otherwise. */
  customer?: TemplateVars["customer"];
};

export type TestSendResult = { ok: true; messageId: string; subject: string } | { ok: false; error: string };

/** Never created in Shopify: a test email must not hand out a working discount. */
export const TEST_COUPON_CODE = "TEST-ONLY-NOT-VALID";

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

function describeErrors(errors: TemplateError[]): string {
  return `the template is refused: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`;
}

export async function sendTestEmail(deps: TestSendDeps, input: TestSendInput): Promise<TestSendResult> {
  const { db } = deps;
  const to = input.to.trim().toLowerCase();
  if (!EMAIL.test(to)) return { ok: false, error: `"${input.to}" is not an email address` };
  const shop = await db.shop.findUnique({ where: { domain: input.shop } });
  if (!shop) return { ok: false, error: "the shop is not known to the app" };
  if (!senderReady(shop)) return { ok: false, error: "set a sender name, sender email and postal address before sending a test" };

  const opts = { koreanAdRules: koreanAdRulesApply(shop, input.locale), locale: input.locale };
  const step = templateStep(input.scenario, input.step ?? 0);
  const kind = templateKey(input.scenario, step);
  const stored = input.template ?? pickStoredTemplate((await loadShopScenarios(db, input.shop)).templates(input.scenario), input.locale, step);
  if (input.template) {
    const verdict = validateTemplate(kind, input.template, opts);
    if (!verdict.ok) return { ok: false, error: describeErrors(verdict.errors) };
  }
  let template = stored;
  if (input.subjectB?.trim() && step === 0) {
    const verdict = validateAbSubject(input.scenario, input.subjectB, opts);
    if (!verdict.ok) return { ok: false, error: describeErrors(verdict.errors) };
    template = { ...(stored ?? defaultTemplate(input.scenario, input.locale)), subject: input.subjectB };
  }

  // A real inbox blocks inline pictures: the sample products' come from the app itself.
  const sample = sampleVars(kind, input.locale, (name) => `${deps.appUrl.replace(/\/+$/, "")}/brand/sample/${name}.png`);
  const vars = {
    ...sample,
    shop: { name: shop.name, url: storefrontUrl(shop) },
    customer: input.customer ?? sample.customer,
    ...(sample.coupon ? { coupon: { ...sample.coupon, code: TEST_COUPON_CODE, url: discountUrl(storefrontUrl(shop), TEST_COUPON_CODE) } } : {}),
  };
  const id = `test${randomBytes(10).toString("hex")}`;
  const key = `${input.shop}:${input.scenario}:test:${id}:0`;
  const link = unsubscribeUrl(deps.appUrl, signUnsubscribeToken({ shop: input.shop, email: to, messageKey: key }, deps.secret));
  const identity = shopIdentity(shop, deps.appUrl);
  const rendered = await renderEmail({ scenario: input.scenario, step, locale: input.locale, template, vars, shop: identity, unsubscribeUrl: link, test: true });
  if (!rendered.ok) return { ok: false, error: rendered.error };
  const email = rendered.email;

  const result = await deps.transport.send({
    ...senderFor(shop, deps.defaultFrom),
    to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    messageKey: key,
    scenario: input.scenario,
    unsubscribeUrl: link,
    test: true,
  });
  await db.message.create({
    data: {
      id,
      key,
      shop: input.shop,
      scenario: input.scenario,
      step: 0,
      about: `test:${id}`,
      email: to,
      triggeredAt: input.now,
      runAt: input.now,
      status: result.ok ? "sent" : "failed",
      reason: result.ok ? null : "send_failed",
      reasonDetail: result.ok ? null : `test send: ${result.error}`,
      sentAt: result.ok ? input.now : null,
      providerMessageId: result.ok ? result.providerMessageId : null,
      locale: input.locale,
      renderedSubject: email.subject,
      variant: input.subjectB?.trim() ? "B" : null,
      test: true,
    },
  });
  return result.ok ? { ok: true, messageId: id, subject: email.subject } : { ok: false, error: `the email could not be sent: ${result.error}` };
}
