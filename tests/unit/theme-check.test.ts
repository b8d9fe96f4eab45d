// Shopify Theme Check, offline, on the theme app extension: an error here would be refused at deploy.
import path from "node:path";
import { themeCheckRun, Severity } from "@shopify/theme-check-node";
import { describe, expect, it } from "vitest";

const EXTENSION = path.resolve(import.meta.dirname, "../../extensions/exit-intent");

describe("theme app extension exit-intent", () => {
  it("passes Theme Check with no error-severity offense", async () => {
    const { offenses } = await themeCheckRun(EXTENSION, undefined, () => {});
    const errors = offenses.filter((o) => o.severity === Severity.ERROR);
    const described = offenses.map((o) => `${o.severity === Severity.ERROR ? "ERROR" : "warning"} ${o.check} ${o.uri.replace(/^.*extensions\//, "")}:${o.start.line + 1} ${o.message}`);
    if (described.length) console.log(described.join("\n"));
    expect(errors.map((o) => `${o.check}: ${o.message}`)).toEqual([]);
  });
});
