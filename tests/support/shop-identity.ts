// The shop an email is rendered for in the rendering tests: every field the footer and sender use.
import type { ShopIdentity } from "~/.server/channels/email/layout";
import { DEFAULT_BRAND } from "~/domain/brand";

export const TEST_SHOP: ShopIdentity = {
  name: "Demo Coffee Roasters",
  senderName: "Demo Coffee Team",
  senderEmail: "hello@demo-shop.example",
  postalAddress: "12 Harbour Street, Portland, ME 04101, USA",
  contact: "+1 207 555 0100",
  koreanAdRules: false,
  url: "https://demo-shop.example",
  brand: DEFAULT_BRAND,
};
