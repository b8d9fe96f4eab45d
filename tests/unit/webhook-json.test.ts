import { describe, expect, it } from "vitest";
import { parseWebhookJson } from "~/.server/webhooks/json";

describe("parseWebhookJson", () => {
  it("keeps every digit of an order id above 2^53, which JSON.parse would turn into another order", () => {
    const raw = '{"id": 820982911946154508, "customer": {"id": 603851970716743426}}';
    expect(String((JSON.parse(raw) as { id: number }).id)).not.toBe("820982911946154508");
    expect(parseWebhookJson(raw)).toEqual({ id: "820982911946154508", customer: { id: "603851970716743426" } });
  });

  it("leaves small ids, negative numbers and prices as numbers", () => {
    expect(parseWebhookJson('{"id": 548380009, "delta": -3, "rate": 0.06, "big": 1.5e300, "min": -9007199254740991}')).toEqual({
      id: 548380009,
      delta: -3,
      rate: 0.06,
      big: 1.5e300,
      min: -9007199254740991,
    });
  });

  it("turns big negative integers into strings too", () => {
    expect(parseWebhookJson("[-9007199254740993, 9007199254740993]")).toEqual(["-9007199254740993", "9007199254740993"]);
  });

  it("never touches digits inside strings, escaped quotes included", () => {
    const raw = String.raw`{"note": "call 820982911946154508 \"now\" 12345678901234567890", "path": "C:\\\\9007199254740993", "u": "\u00e9 1"}`;
    expect(parseWebhookJson(raw)).toEqual(JSON.parse(raw));
  });

  it("reads big ids in nested arrays and after strings that end in a backslash", () => {
    const raw = '{"a": "x\\\\", "ids": [[1, 234567890123456789], {"k": [890123456789012345]}]}';
    expect(parseWebhookJson(raw)).toEqual({ a: "x\\", ids: [[1, "234567890123456789"], { k: ["890123456789012345"] }] });
  });

  it("keeps floats with many digits as JSON.parse reads them", () => {
    expect(parseWebhookJson("[12345678901234567890.5, 1e25]")).toEqual([12345678901234567890.5, 1e25]);
  });

  it("still refuses a body that is not JSON", () => {
    expect(() => parseWebhookJson('{"id": 1, "email": ')).toThrow(SyntaxError);
    expect(() => parseWebhookJson("")).toThrow(SyntaxError);
  });
});
