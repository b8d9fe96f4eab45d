// For tests that never reach a signup: a confirmation email would be a failure, so its transport refuses.
import type { SignupMail } from "~/.server/channels/onsite/pending-signup";

export const noSignupMail: SignupMail = {
  transport: {
    send: async () => ({ ok: false, transient: false, error: "this test sends no signup confirmation" }),
    verify: async () => ({ ok: true }),
    close: () => {},
  },
  appUrl: "https://app.example",
  sender: (shop) => ({ from: { name: shop.name, address: "shops@crm.example" }, replyTo: null }),
};
