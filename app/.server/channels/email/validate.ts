// Checks a merchant's template when it is saved, so that nothing refused can reach a shopper:
// Liquid that parses, only the scenario's variables, a fallback wherever a value can be missing.
import { Output, TagToken, toValueSync, type Template } from "liquidjs";
import { liquidHtml, liquidText, PARTIAL_TAGS } from "./liquid";
import { defaultTemplate, type EmailTemplate } from "./templates";
import { languageOf, nameFallback, sampleVars, VARIABLES, type TemplateKey, type VariableSpec } from "./variables";

export type TemplateField = "subject" | "preheader" | "body";
export type TemplateError = { field: TemplateField; message: string };
export type ValidationResult = { ok: true } | { ok: false; errors: TemplateError[] };
export type ValidateOptions = { koreanAdRules: boolean; /** Picks the fallback word a fix suggests. */ locale?: string };

const FIELDS: TemplateField[] = ["subject", "preheader", "body"];
// Mail clients drop or mangle these, and MJML would read `mj-` tags as layout.
const FORBIDDEN_MARKUP = /<\s*\/?\s*(script|style|iframe|object|embed|form|mj-[a-z-]*)\b/i;

export function validateTemplate(scenario: TemplateKey, template: EmailTemplate, opts: ValidateOptions): ValidationResult {
  const errors: TemplateError[] = [];
  const parsed: Partial<Record<TemplateField, Template[]>> = {};
  for (const field of FIELDS) {
    const engine = field === "body" ? liquidHtml : liquidText;
    const source = template[field];
    if (typeof source !== "string") {
      errors.push({ field, message: `The ${field} is missing.` });
      continue;
    }
    let templates: Template[];
    try {
      templates = engine.parse(source);
    } catch (e) {
      errors.push({ field, message: describeParseError(e) });
      continue;
    }
    const before = errors.length;
    errors.push(...unknownVariables(scenario, field, templates).map((message) => ({ field, message })));
    errors.push(...walkOutputs(scenario, templates, opts.locale).map((message) => ({ field, message })));
    if (field === "body") {
      const markup = FORBIDDEN_MARKUP.exec(source);
      if (markup) errors.push({ field, message: `<${markup[1].toLowerCase()}> is not allowed in an email body.` });
    }
    if (errors.length === before) parsed[field] = templates;
  }
  if (errors.length > 0) return { ok: false, errors };
  errors.push(...sampleRender(scenario, parsed as Record<TemplateField, Template[]>, opts));
  return errors.length > 0 ? { ok: false, errors } : { ok: true };
}

/** A verdict depends only on the template's text and the rules, so sending checks each stored template once. */
const VERDICT_LIMIT = 500;
const verdicts = new Map<string, ValidationResult>();

export function validateTemplateOnce(scenario: TemplateKey, template: EmailTemplate, opts: ValidateOptions): ValidationResult {
  const key = JSON.stringify([scenario, template.subject, template.preheader, template.body, opts.koreanAdRules, opts.locale ?? null]);
  let verdict = verdicts.get(key);
  if (!verdict) {
    verdict = validateTemplate(scenario, template, opts);
    if (verdicts.size >= VERDICT_LIMIT) verdicts.delete(verdicts.keys().next().value as string);
    verdicts.set(key, verdict);
  }
  return verdict;
}

/**
 * An A/B test's B subject, checked as the subject of the scenario's template: same variables, same
 * fallbacks (the renderer adds the Korean "(광고)" prefix to either). Errors carry the field "subject".
 */
export function validateAbSubject(scenario: TemplateKey, subject: string, opts: ValidateOptions): ValidationResult {
  const verdict = validateTemplateOnce(scenario, { ...defaultTemplate(scenario, opts.locale ?? "en"), subject }, opts);
  if (verdict.ok) return verdict;
  const errors = verdict.errors.filter((e) => e.field === "subject");
  return errors.length > 0 ? { ok: false, errors } : { ok: true };
}

function describeParseError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const filter = /undefined filter: ([\w-]+)(.*)$/.exec(message);
  if (filter) {
    const why = filter[1] === "raw" ? " (customer text is always escaped)" : "";
    return `Unknown filter "${filter[1]}"${why}${filter[2]}.`;
  }
  return `Liquid syntax error: ${message}`;
}

function catalogueList(specs: VariableSpec[]): string {
  return specs.map((v) => v.path).join(", ");
}

function isKnownPath(specs: VariableSpec[], path: string): boolean {
  return specs.some(
    (v) =>
      v.path === path ||
      v.path.startsWith(`${path}.`) ||
      // A list's own properties: checkout.items.size, checkout.items.first.title, checkout.items[0]
      (v.list === true && path.startsWith(`${v.path}.`)),
  );
}

function unknownVariables(scenario: TemplateKey, field: TemplateField, templates: Template[]): string[] {
  const specs = VARIABLES[scenario];
  const analysis = liquidHtml.analyzeSync(templates, { partials: false });
  const seen = new Set<string>();
  const messages: string[] = [];
  for (const variable of Object.values(analysis.globals).flat()) {
    const parts: string[] = [];
    for (const segment of variable.segments) {
      if (typeof segment !== "string" && typeof segment !== "number") break;
      parts.push(String(segment));
    }
    const path = parts.join(".");
    if (!path || isKnownPath(specs, path) || seen.has(path)) continue;
    seen.add(path);
    const where = `line ${variable.location.row}, column ${variable.location.col}`;
    messages.push(`Unknown variable "${path}" in the ${field} (${where}). Available here: ${catalogueList(specs)}.`);
  }
  return messages;
}

function outputPath(node: Output): string | null {
  return valuePath(node.value);
}

/** The variable a value is, when it is one plain variable (`product.image_url`), else null. */
function valuePath(value: Output["value"]): string | null {
  const postfix = value.initial.postfix;
  if (postfix.length !== 1) return null;
  const token = postfix[0] as { variable?: unknown; props?: { content?: unknown }[] };
  if (!Array.isArray(token.props) || token.variable !== undefined) return null;
  const parts = token.props.map((p) => p.content);
  return parts.every((p) => typeof p === "string") ? parts.join(".") : null;
}

function suggestedFallback(path: string, locale: string | undefined): string {
  return path === "customer.first_name" ? nameFallback(languageOf(locale)) : "";
}

type IfBranch = { value: Output["value"]; templates: Template[] };

/** `{% if x %}…{% endif %}`: the branch taken only when `x` has a value, where `{{ x }}` needs no fallback. */
function guardedBranches(node: Template): { branches: { path: string | null; templates: Template[] }[]; rest: Template[] } | null {
  if (!(node.token instanceof TagToken) || node.token.name !== "if") return null;
  const tag = node as unknown as { branches?: IfBranch[]; elseTemplates?: Template[] };
  if (!Array.isArray(tag.branches)) return null;
  return { branches: tag.branches.map((b) => ({ path: valuePath(b.value), templates: b.templates })), rest: tag.elseTemplates ?? [] };
}

/** Optional values printed without a fallback (unless inside `{% if <that value> %}`), and tags that would read other files. */
function walkOutputs(scenario: TemplateKey, templates: Template[], locale: string | undefined): string[] {
  const messages: string[] = [];
  const visit = (nodes: Template[], guarded: ReadonlySet<string>) => {
    for (const node of nodes) {
      const guard = guardedBranches(node);
      if (guard) {
        for (const branch of guard.branches) visit(branch.templates, branch.path ? new Set([...guarded, branch.path]) : guarded);
        visit(guard.rest, guarded);
        continue;
      }
      if (node instanceof Output) {
        const path = outputPath(node);
        const spec = path ? VARIABLES[scenario].find((v) => v.path === path) : undefined;
        const hasDefault = node.value.filters.some((f) => f.name === "default");
        if (spec && !spec.required && !hasDefault && !guarded.has(spec.path)) {
          const fix = `{{ ${spec.path} | default: "${suggestedFallback(spec.path, locale)}" }}`;
          messages.push(`"${spec.path}" can be empty for some customers: give it a fallback, e.g. ${fix}`);
        }
      }
      if (node.token instanceof TagToken && PARTIAL_TAGS.includes(node.token.name)) {
        messages.push(`{% ${node.token.name} %} is not available in email templates.`);
      }
      const children = (node as Template).children?.(false, true);
      if (children) visit(toValueSync(children) as Template[], guarded);
    }
  };
  visit(templates, new Set());
  return messages;
}

/**
 * Renders with realistic data to catch what parsing cannot (loops over limits, an empty subject).
 * "(광고)" is not asked for: the renderer puts it in front whenever the Korean rules apply.
 */
function sampleRender(scenario: TemplateKey, parsed: Record<TemplateField, Template[]>, opts: ValidateOptions): TemplateError[] {
  const sample = sampleVars(scenario, opts.locale ?? "en");
  const vars = { ...sample, shop: { ...sample.shop, korean_ad_rules: opts.koreanAdRules } };
  const errors: TemplateError[] = [];
  for (const field of FIELDS) {
    const engine = field === "body" ? liquidHtml : liquidText;
    try {
      const out = String(engine.renderSync(parsed[field], vars)).replace(/\s+/g, " ").trim();
      if (field === "subject" && out === "") errors.push({ field, message: "The subject is empty." });
    } catch (e) {
      errors.push({ field, message: `The ${field} fails with sample data: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return errors;
}
