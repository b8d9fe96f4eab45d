// The product cards the default templates show, one small table per product so a product without a
// picture is a neat text-only card (no <img> at all, never an empty src). Liquid escapes every output,
// the alt text included. A block editor's "product list" block produces the same markup.

export type CardLabels = {
  /** Before the quantity, e.g. "Qty" → "Qty 2". */
  quantity?: string;
  /** After the quantity, e.g. "개" → "2개". */
  quantitySuffix?: string;
  /** The button under each bought product (post-delivery). */
  review?: string;
};

const IMAGE = (item: string) =>
  `{% if ${item}.image_url %}<td width="104" valign="top" style="padding:0 8px 0 0"><img src="{{ ${item}.image_url }}" width="96" alt="{{ ${item}.image_alt | default: ${item}.title }}" style="display:block;width:96px;max-width:96px;height:auto;border:0;border-radius:4px"></td>{% endif %}`;

const TABLE_OPEN = `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 12px 0"><tr>`;
const TABLE_CLOSE = `</tr></table>`;

/**
 * Loops over `list` (checkout.items or order.items): image, title, variant, quantity × price, and with
 * `labels.review` a review button per product.
 */
export function productList(list: "checkout.items" | "order.items", labels: CardLabels = {}): string {
  const quantity = `${labels.quantity ? `${labels.quantity} ` : "× "}{{ item.quantity }}${labels.quantitySuffix ?? ""}`;
  const review = labels.review ? `<br><a href="{{ item.review_url }}" style="display:inline-block;margin-top:6px;padding:6px 12px;border:1px solid #1f2328;border-radius:4px;color:#1f2328;text-decoration:none">${labels.review}</a>` : "";
  return `{% for item in ${list} %}${TABLE_OPEN}${IMAGE("item")}<td valign="top"><a href="{{ item.url }}" style="color:#1f2328;font-weight:700;text-decoration:none">{{ item.title }}</a>{% if item.variant_title %}<br><span style="color:#6b7280">{{ item.variant_title }}</span>{% endif %}<br>${quantity} · {{ item.price }}${review}</td>${TABLE_CLOSE}
{% endfor %}`;
}

/** "You may also like": shown only when there is something to recommend. */
export function recommendationList(heading: string): string {
  return `{% if recommendations.size > 0 %}<p><strong>${heading}</strong></p>
{% for item in recommendations %}${TABLE_OPEN}${IMAGE("item")}<td valign="top"><a href="{{ item.url }}" style="color:#1f2328;font-weight:700;text-decoration:none">{{ item.title }}</a><br>{{ item.price }}</td>${TABLE_CLOSE}
{% endfor %}{% endif %}`;
}

/** The one product of a browse or cart reminder. */
export function productCard(): string {
  return `${TABLE_OPEN}${IMAGE("product")}<td valign="top"><a href="{{ product.url }}" style="color:#1f2328;font-weight:700;text-decoration:none">{{ product.title }}</a>{% if product.price %}<br>{{ product.price }}{% endif %}</td>${TABLE_CLOSE}`;
}
