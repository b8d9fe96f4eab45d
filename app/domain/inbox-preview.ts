// The inbox line as mail clients show it: sender, subject and preheader, each cut where the client
// cuts it. Clients cut by width, not by characters, so a Hangul or Han character counts as two
// narrow ones. The widths are what Gmail and Apple Mail show at a typical window (desktop ~1280 px
// wide, a 390 pt phone) in their default layouts; they vary with the window and the font size, so
// the preview is a guide to what is seen first, not a promise.

export const INBOX_VIEWS = ["gmail-desktop", "gmail-phone", "apple-desktop", "apple-phone"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

type Widths = {
  sender: number;
  /** Gmail on the web puts the subject and the preheader on one line: `line` is their shared width. */
  line?: number;
  subject?: number;
  preheader?: number;
};

export const INBOX_WIDTHS: Record<InboxView, Widths> = {
  "gmail-desktop": { sender: 22, line: 110 },
  "gmail-phone": { sender: 30, subject: 34, preheader: 44 },
  // Apple Mail gives the preview two lines.
  "apple-desktop": { sender: 32, subject: 46, preheader: 120 },
  "apple-phone": { sender: 30, subject: 38, preheader: 88 },
};

const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** How wide the text is in narrow characters. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

/** The text cut to `width` narrow characters, ending in "…" when cut. */
export function truncateTo(text: string, width: number): { text: string; cut: boolean } {
  if (displayWidth(text) <= width) return { text, cut: false };
  let out = "";
  let used = 0;
  for (const ch of text) {
    const w = WIDE.test(ch) ? 2 : 1;
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return { text: `${out.trimEnd()}…`, cut: true };
}

export type InboxLine = { sender: string; subject: string; preheader: string; subjectCut: boolean; preheaderCut: boolean };

export function inboxLine(view: InboxView, email: { sender: string; subject: string; preheader: string }): InboxLine {
  const w = INBOX_WIDTHS[view];
  const sender = truncateTo(email.sender, w.sender).text;
  if (w.line !== undefined) {
    const subject = truncateTo(email.subject, w.line);
    // " - " separates them; the preheader gets what the subject leaves.
    const room = w.line - displayWidth(subject.text) - 3;
    const preheader = room > 0 ? truncateTo(email.preheader, room) : { text: "", cut: email.preheader !== "" };
    return { sender, subject: subject.text, preheader: preheader.text, subjectCut: subject.cut, preheaderCut: preheader.cut };
  }
  const subject = truncateTo(email.subject, w.subject ?? Infinity);
  const preheader = truncateTo(email.preheader, w.preheader ?? Infinity);
  return { sender, subject: subject.text, preheader: preheader.text, subjectCut: subject.cut, preheaderCut: preheader.cut };
}
