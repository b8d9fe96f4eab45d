import type { EmailScenarioKey } from "../variables";
import { AD_MARK, type EmailTemplate } from "./types";

const HI = `<p>Hi {{ customer.first_name | default: "there" }},</p>`;

export const EN: { [K in EmailScenarioKey]: EmailTemplate } = {
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
};
