import type { BlockDocument, EmailBlock } from "~/domain/email-blocks";

/**
 * A merchant-editable email, each field Liquid. `body` is simple HTML (p, strong, a, lists, tables).
 * The subject never carries "(광고)": the renderer puts it in front when the Korean rules apply.
 * `blocks`: the blocks the body was compiled from (~/domain/email-blocks); absent once the merchant
 * edits the Liquid itself, when the block view no longer applies.
 */
export type EmailTemplate = { subject: string; preheader: string; body: string; blocks?: BlockDocument };

/** A built-in email as it ships: subject and preheader in Liquid, the body as blocks. */
export type BlockTemplate = { subject: string; preheader: string; blocks: EmailBlock[] };
