// The email one message sends: its A/B subject variant, rendered, then tracked. A refused B subject
// falls back to the template's own subject and says so: the shopper still gets a correct email.
import { abVariantFor } from "~/domain/ab-test";
import { isKoreanLocale } from "~/domain/korean-ads";
import { renderEmail, type RenderedEmail, type RenderInput } from "~/.server/channels/email/render";
import { defaultTemplate } from "~/.server/channels/email/templates";
import { validateAbSubject } from "~/.server/channels/email/validate";
import { addTracking, type TrackingInput } from "~/.server/tracking/links";

export type ComposeInput = {
  render: RenderInput;
  messageKey: string;
  /** The B subject for the message's language; null when no test runs. */
  subjectB: string | null;
  /** Null: links stay as written (nothing to count them against). */
  tracking: TrackingInput | null;
  log?: (line: string) => void;
};

/** Logs name a message by its id: its key holds checkout tokens and live codes. */
const whichMessage = (input: ComposeInput) => (input.tracking ? `message=${input.tracking.messageId}` : "a test send");

/** `links`: the destinations of its click tokens (null without tracking), recorded when it is marked sent. */
export type Composed = { ok: true; email: RenderedEmail; variant: "A" | "B" | null; links: string[] | null } | { ok: false; error: string };

async function renderVariantB(input: ComposeInput, subjectB: string): Promise<RenderedEmail | null> {
  const { render } = input;
  const verdict = validateAbSubject(render.scenario, subjectB, { koreanAdRules: render.shop.koreanAdRules || isKoreanLocale(render.locale), locale: render.locale });
  if (!verdict.ok) {
    input.log?.(`ab-test subject B refused for ${whichMessage(input)}, sending subject A: ${verdict.errors.map((e) => e.message).join("; ")}`);
    return null;
  }
  const base = render.template ?? defaultTemplate(render.scenario, render.locale);
  const rendered = await renderEmail({ ...render, template: { ...base, subject: subjectB } });
  if (!rendered.ok) {
    input.log?.(`ab-test subject B could not be rendered for ${whichMessage(input)}, sending subject A: ${rendered.error}`);
    return null;
  }
  return rendered.email;
}

export async function composeEmail(input: ComposeInput): Promise<Composed> {
  const assigned = input.subjectB ? abVariantFor(input.messageKey) : null;
  let email: RenderedEmail | null = null;
  let variant: "A" | "B" | null = assigned;
  if (assigned === "B" && input.subjectB) {
    email = await renderVariantB(input, input.subjectB);
    if (!email) variant = null;
  }
  if (!email) {
    const rendered = await renderEmail(input.render);
    if (!rendered.ok) return rendered;
    email = rendered.email;
  }
  if (!input.tracking) return { ok: true, email, variant, links: null };
  const tracked = addTracking(email, input.tracking);
  return { ok: true, email: tracked.email, variant, links: tracked.links };
}
