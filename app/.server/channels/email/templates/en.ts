import type { TemplateKey } from "../variables";
import type { BlockTemplate } from "./types";

const HI = { type: "text", text: "Hi {{ customer.first_name }}," } as const;

export const EN: { [K in TemplateKey]: BlockTemplate } = {
  welcome: {
    subject: `Welcome to {{ shop.name }}: {{ coupon.value }} off your first order`,
    preheader: `Your code {{ coupon.code }} works until {{ coupon.ends_at }}.`,
    blocks: [
      { type: "heading", text: "Welcome to {{ shop.name }}" },
      HI,
      { type: "text", text: "Thanks for joining {{ shop.name }}! Here is {{ coupon.value }} off your first order:" },
      { type: "coupon", text: "The button below applies it for you. It works until {{ coupon.ends_at }}." },
      { type: "button", label: "Shop with your code", href: "coupon.url" },
    ],
  },
  "cart-recovery": {
    subject: `You left something in your cart`,
    preheader: `Your picks at {{ shop.name }} are still waiting for you.`,
    blocks: [
      HI,
      { type: "text", text: "You left these in your cart at {{ shop.name }}:" },
      { type: "products", source: "checkout.items" },
      { type: "text", text: "Total: {{ checkout.total }}" },
      { type: "button", label: "Complete your order", href: "checkout.url" },
    ],
  },
  "coupon-expiry": {
    subject: `Your {{ coupon.value }} off code expires soon`,
    preheader: `{{ coupon.code }} works until {{ coupon.ends_at }}.`,
    blocks: [
      HI,
      { type: "text", text: "A quick reminder: your {{ coupon.value }} off code for {{ shop.name }} is about to expire." },
      { type: "coupon", text: "It works until {{ coupon.ends_at }}, and the button below applies it for you." },
      { type: "button", label: "Use it now", href: "coupon.url" },
    ],
  },
  "post-delivery": {
    subject: `How is your order {{ order.name }}?`,
    preheader: `A short review helps other shoppers at {{ shop.name }}.`,
    blocks: [
      HI,
      { type: "text", text: "Your order {{ order.name }} from {{ shop.name }} arrived a few days ago. We hope you are enjoying it!" },
      { type: "text", text: "Would you tell us what you think? A short review helps other shoppers and helps us get better." },
      { type: "products", source: "order.items", reviewLabel: "Write a review" },
      { type: "products", source: "recommendations", title: "You may also like" },
    ],
  },
  "second-order": {
    subject: `{{ coupon.value }} off your next order at {{ shop.name }}`,
    preheader: `A thank-you for order {{ order.name }}: {{ coupon.code }} works until {{ coupon.ends_at }}.`,
    blocks: [
      HI,
      { type: "text", text: "Thank you for your first order, {{ order.name }}, from {{ shop.name }}. We hope it has been everything you wanted." },
      { type: "products", source: "order.items" },
      { type: "text", text: "When you are ready for the next one, here is {{ coupon.value }} off:" },
      { type: "coupon", text: "The button below applies it for you. It works until {{ coupon.ends_at }}." },
      { type: "button", label: "Shop again", href: "coupon.url" },
      { type: "products", source: "recommendations", title: "You may also like" },
    ],
  },
  "win-back": {
    subject: `It has been a while, from {{ shop.name }}`,
    preheader: `Here is what is new at {{ shop.name }} since your last order.`,
    blocks: [
      HI,
      { type: "text", text: "It has been a while since your last order from {{ shop.name }}, and we have been busy: new arrivals, and old favourites back in stock.\n\nCome and have a look whenever you like." },
      { type: "button", label: "See what is new", href: "shop.url" },
    ],
  },
  "win-back#1": {
    subject: `{{ coupon.value }} off to welcome you back to {{ shop.name }}`,
    preheader: `{{ coupon.code }} works until {{ coupon.ends_at }}.`,
    blocks: [
      HI,
      { type: "text", text: "We would love to see you back at {{ shop.name }}. Here is {{ coupon.value }} off your next order:" },
      { type: "coupon", text: "The button below applies it for you. It works until {{ coupon.ends_at }}." },
      { type: "button", label: "Shop now", href: "coupon.url" },
    ],
  },
  "win-back#2": {
    subject: `Shall we keep writing to you?`,
    preheader: `One click tells {{ shop.name }} whether to keep sending you emails.`,
    blocks: [
      HI,
      { type: "text", text: "We have not heard from you in a while, and we do not want to fill your inbox with emails you no longer read.\n\nWould you like to keep hearing from {{ shop.name }}?" },
      { type: "button", label: "Yes, keep writing to me", href: "shop.url" },
      { type: "button", label: "No, stop these emails", href: "unsubscribe_url" },
      { type: "text", text: "If we do not hear from you, we will stop sending you offers in a couple of weeks. Your account and orders stay as they are." },
    ],
  },
  "browse-abandonment": {
    subject: `Still thinking about {{ product.title }}?`,
    preheader: `It is waiting for you at {{ shop.name }}.`,
    blocks: [
      HI,
      { type: "text", text: "You were looking at {{ product.title }} at {{ shop.name }}. Here it is again, in case you want another look." },
      { type: "products", source: "product" },
      { type: "button", label: "See {{ product.title }}", href: "product.url" },
    ],
  },
  "cart-abandonment": {
    subject: `{{ product.title }} is still in your cart`,
    preheader: `Pick up where you left off at {{ shop.name }}.`,
    blocks: [
      HI,
      { type: "text", text: "You added {{ product.title }} to your cart at {{ shop.name }}. It is still there when you are ready." },
      { type: "products", source: "product" },
      { type: "button", label: "Back to {{ product.title }}", href: "product.url" },
    ],
  },
};
