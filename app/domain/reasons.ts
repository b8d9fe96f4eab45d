// Why a message was not sent (or not yet), in words a merchant reads in the message log.
import type { DeferReason, SkipReason } from "./types";

export function describeReason(reason: SkipReason | DeferReason): string {
  switch (reason) {
    case "scenario_off":
      return "The scenario was switched off before the message was due.";
    case "shop_uninstalled":
      return "The app was uninstalled from the store, so nothing is sent.";
    case "sender_not_configured":
      return "No sender name, sender email and postal address are set, so marketing email cannot go out yet.";
    case "no_email":
      return "We know no email address for this customer.";
    case "no_consent":
      return "The customer has not agreed to receive marketing email.";
    case "unsubscribed":
      return "The customer unsubscribed from marketing email.";
    case "ordered_since":
      return "The customer placed an order after the trigger, so the reminder is no longer needed.";
    case "checkout_completed":
      return "The checkout was completed, so there is no cart left to recover.";
    case "not_first_time_buyer":
      return "The customer has already ordered, so a first-order offer would not fit.";
    case "coupon_used":
      return "The code was already used on an order, so no reminder is needed.";
    case "coupon_expired":
      return "The code has expired or is about to, so a reminder would come too late.";
    case "order_cancelled":
      return "The order was cancelled, so a post-delivery message would not fit.";
    case "order_refunded":
      return "The order was refunded, so a post-delivery message would not fit.";
    case "no_longer_relevant":
      return "Too much time has passed since the trigger for the message to still make sense.";
    case "budget_exhausted":
      return "The customer already received as many emails as the shop allows, and the message would be stale by the time another is allowed.";
    case "quiet_hours_until_irrelevant":
      return "Quiet hours last until after the message stops being relevant.";
    case "template_refused":
      return "The template could not be rendered safely for this customer, so nothing was sent.";
    case "holdout":
      return "In this scenario's holdout group: gets nothing, so the KPI can show the lift over doing nothing.";
    case "frequency_budget":
      return "Waiting until the customer's email budget allows another message.";
    case "quiet_hours":
      return "Waiting for the shop's quiet hours to end.";
    case "awaiting_consent":
      return "Waiting for Shopify to report whether the customer agreed to marketing email.";
    case "send_retry":
      return "Sending failed for a temporary reason; it will be retried.";
  }
}
