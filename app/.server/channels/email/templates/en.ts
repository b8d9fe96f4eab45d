import type { TemplateKey } from "../variables";
import { AD_MARK, type EmailTemplate } from "./types";

const HI = `<p>Hi {{ customer.first_name | default: "there" }},</p>`;

export const EN: { [K in TemplateKey]: EmailTemplate } = {
  welcome: {
    subject: `${AD_MARK}Welcome to {{ shop.name }}: {{ coupon.percent_off }}% off your first order`,
    preheader: `Your code {{ coupon.code }} works until {{ coupon.ends_at }}.`,
    body: `${HI}
<p>Thanks for joining {{ shop.name }}! Here is {{ coupon.percent_off }}% off your first order:</p>
<p><strong>{{ coupon.code }}</strong></p>
<p>Use it at checkout by {{ coupon.ends_at }}.</p>
<p><a href="{{ shop.url }}">Start shopping</a></p>`,
  },
  "cart-recovery": {
    subject: `${AD_MARK}You left something in your cart`,
    preheader: `Your picks at {{ shop.name }} are still waiting for you.`,
    body: `${HI}
<p>You left these in your cart at {{ shop.name }}:</p>
<ul>
{% for item in checkout.items %}<li>{{ item.title }}{% if item.variant_title %} ({{ item.variant_title }}){% endif %} × {{ item.quantity }}: {{ item.price }}</li>
{% endfor %}</ul>
<p>Total: <strong>{{ checkout.total }}</strong></p>
<p><a href="{{ checkout.url }}">Complete your order</a></p>`,
  },
  "coupon-expiry": {
    subject: `${AD_MARK}Your {{ coupon.percent_off }}% code expires soon`,
    preheader: `{{ coupon.code }} works until {{ coupon.ends_at }}.`,
    body: `${HI}
<p>A quick reminder: your {{ coupon.percent_off }}% off code for {{ shop.name }} is about to expire.</p>
<p><strong>{{ coupon.code }}</strong></p>
<p>It works until {{ coupon.ends_at }}.</p>
<p><a href="{{ shop.url }}">Use it now</a></p>`,
  },
  "post-delivery": {
    subject: `${AD_MARK}How is your order {{ order.name }}?`,
    preheader: `A short review helps other shoppers at {{ shop.name }}.`,
    body: `${HI}
<p>Your order {{ order.name }} from {{ shop.name }} arrived a few days ago. We hope you are enjoying it!</p>
<p>Would you tell us what you think? A short review helps other shoppers and helps us get better.</p>
<p><a href="{{ order.review_url }}">Write a review</a></p>`,
  },
  "second-order": {
    subject: `${AD_MARK}{{ coupon.percent_off }}% off your next order at {{ shop.name }}`,
    preheader: `A thank-you for order {{ order.name }}: {{ coupon.code }} works until {{ coupon.ends_at }}.`,
    body: `${HI}
<p>Thank you for your first order, {{ order.name }}, from {{ shop.name }}. We hope it has been everything you wanted.</p>
<p>When you are ready for the next one, here is {{ coupon.percent_off }}% off:</p>
<p><strong>{{ coupon.code }}</strong></p>
<p>Use it at checkout by {{ coupon.ends_at }}.</p>
<p><a href="{{ shop.url }}">Shop again</a></p>`,
  },
  "win-back": {
    subject: `${AD_MARK}It has been a while, from {{ shop.name }}`,
    preheader: `Here is what is new at {{ shop.name }} since your last order.`,
    body: `${HI}
<p>It has been a while since your last order from {{ shop.name }}, and we have been busy: new arrivals, and old favourites back in stock.</p>
<p>Come and have a look whenever you like.</p>
<p><a href="{{ shop.url }}">See what is new</a></p>`,
  },
  "win-back#1": {
    subject: `${AD_MARK}{{ coupon.percent_off }}% off to welcome you back to {{ shop.name }}`,
    preheader: `{{ coupon.code }} works until {{ coupon.ends_at }}.`,
    body: `${HI}
<p>We would love to see you back at {{ shop.name }}. Here is {{ coupon.percent_off }}% off your next order:</p>
<p><strong>{{ coupon.code }}</strong></p>
<p>Use it at checkout by {{ coupon.ends_at }}.</p>
<p><a href="{{ shop.url }}">Shop now</a></p>`,
  },
  "win-back#2": {
    subject: `${AD_MARK}Shall we keep writing to you?`,
    preheader: `One click tells {{ shop.name }} whether to keep sending you emails.`,
    body: `${HI}
<p>We have not heard from you in a while, and we do not want to fill your inbox with emails you no longer read.</p>
<p>Would you like to keep hearing from {{ shop.name }}?</p>
<p><a href="{{ shop.url }}">Yes, keep writing to me</a></p>
<p><a href="{{ unsubscribe_url }}">No, stop these emails</a></p>
<p>If we do not hear from you, we will stop sending you offers in a couple of weeks. Your account and orders stay as they are.</p>`,
  },
  "browse-abandonment": {
    subject: `${AD_MARK}Still thinking about {{ product.title }}?`,
    preheader: `It is waiting for you at {{ shop.name }}.`,
    body: `${HI}
<p>You were looking at <strong>{{ product.title }}</strong> at {{ shop.name }}. Here it is again, in case you want another look.</p>
<p><a href="{{ product.url }}">See {{ product.title }}</a></p>`,
  },
  "cart-abandonment": {
    subject: `${AD_MARK}{{ product.title }} is still in your cart`,
    preheader: `Pick up where you left off at {{ shop.name }}.`,
    body: `${HI}
<p>You added <strong>{{ product.title }}</strong> to your cart at {{ shop.name }}. It is still there when you are ready.</p>
<p><a href="{{ product.url }}">Back to {{ product.title }}</a></p>`,
  },
};
