// The fake Admin API's discount codes, as Shopify answers discountCodeBasicCreate: codes unique per
// shop ignoring case, a window that ends after it starts, a percentage in (0, 1] or a positive amount
// (one of the two), and a positive minimum subtotal when one is asked for.

export type FakeDiscount = {
  id: string;
  code: string;
  title: string;
  /** 0 for a fixed-amount code. */
  percentOff: number;
  /** Shopify's Decimal as sent, e.g. "3000.00"; null for a percentage code. */
  amountOff: string | null;
  minimumSubtotal: string | null;
  startsAt: Date;
  endsAt: Date;
  customerShopifyId: string | null;
};

/** The coerced `basicCodeDiscount` argument, as far as the fake reads it. */
export type DiscountInput = {
  title?: string;
  code?: string;
  startsAt?: string;
  endsAt?: string;
  context?: { customers?: { add?: string[] }; all?: string };
  customerGets?: { value?: { percentage?: number; discountAmount?: { amount?: string | number; appliesOnEachItem?: boolean } } };
  minimumRequirement?: { subtotal?: { greaterThanOrEqualToSubtotal?: string | number }; quantity?: { greaterThanOrEqualToQuantity?: string } };
};

const TAKEN_MESSAGE = "Code must be unique. Please try a different code.";

export function createFakeDiscounts() {
  const byShop = new Map<string, FakeDiscount[]>();
  let nextId = 1;
  return {
    list: (shop: string): FakeDiscount[] => [...(byShop.get(shop) ?? [])],
    /** discountCodeBasicCreate's payload: the node, or Shopify's user errors. */
    create(shop: string, d: DiscountInput) {
      const refused = (field: string[], message: string, code: string) => ({ codeDiscountNode: null, userErrors: [{ field: ["basicCodeDiscount", ...field], message, code }] });
      const existing = byShop.get(shop) ?? [];
      const code = d.code ?? "";
      if (!code.trim()) return refused(["code"], "Code can't be blank", "BLANK");
      if (existing.some((x) => x.code.toLowerCase() === code.toLowerCase())) return refused(["code"], TAKEN_MESSAGE, "TAKEN");
      const startsAt = new Date(d.startsAt ?? "");
      const endsAt = new Date(d.endsAt ?? "");
      if (Number.isNaN(startsAt.getTime())) return refused(["startsAt"], "Starts at is invalid", "INVALID");
      if (d.endsAt && !(endsAt.getTime() > startsAt.getTime())) return refused(["endsAt"], "Ends at needs to be after starts_at", "INVALID");
      const value = d.customerGets?.value ?? {};
      const amount = value.discountAmount?.amount;
      if (value.percentage !== undefined && value.discountAmount !== undefined) {
        return refused(["customerGets", "value"], "Only one of percentage or discountAmount can be given", "INVALID");
      }
      if (amount !== undefined && !(Number(amount) > 0)) {
        return refused(["customerGets", "value", "discountAmount", "amount"], "Value must be greater than 0", "VALUE_OUTSIDE_RANGE");
      }
      const percentage = amount !== undefined ? null : (value.percentage ?? NaN);
      if (percentage !== null && !(percentage > 0 && percentage <= 1)) return refused(["customerGets", "value", "percentage"], "Value must be between 0.0 and 1.0", "VALUE_OUTSIDE_RANGE");
      const minimum = d.minimumRequirement?.subtotal?.greaterThanOrEqualToSubtotal;
      if (minimum !== undefined && !(Number(minimum) > 0)) {
        return refused(["minimumRequirement", "subtotal", "greaterThanOrEqualToSubtotal"], "Minimum subtotal must be greater than 0", "GREATER_THAN");
      }
      const customer = d.context?.customers?.add?.[0];
      const discount: FakeDiscount = {
        id: `gid://shopify/DiscountCodeNode/${nextId++}`,
        code,
        title: d.title ?? "",
        percentOff: percentage === null ? 0 : Math.round(percentage * 10_000) / 100,
        amountOff: amount === undefined ? null : String(amount),
        minimumSubtotal: minimum === undefined ? null : String(minimum),
        startsAt,
        endsAt,
        customerShopifyId: customer ? customer.slice(customer.lastIndexOf("/") + 1) : null,
      };
      byShop.set(shop, [...existing, discount]);
      return { codeDiscountNode: { id: discount.id }, userErrors: [] };
    },
  };
}
