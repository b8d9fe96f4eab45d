// Shopify's published Admin GraphQL schema, as Shopify ships it offline in @shopify/dev-mcp
// (`dist/data/admin_<version>.json.gz`: an introspection result plus `offline_scopes`, the access
// scopes each type and field needs). The fake Admin API and the contract tests judge every request by
// it: a document that does not validate, variables that do not coerce, or a field whose scope the app
// was not granted are refused the way Shopify refuses them.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import {
  buildClientSchema,
  getNamedType,
  getVariableValues,
  GraphQLError,
  NoDeprecatedCustomRule,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type IntrospectionQuery,
  type OperationDefinitionNode,
} from "graphql";
import { API_VERSION, effectiveScopes } from "./app-config";

type ScopeItem = { type: "type" | "field"; typeName: string; fieldName?: string; requiredAccess: string; offlineScopes: string[] };

/**
 * `scopes`: any one of them gives access (empty: none needed). `also`: what the app needs besides, as
 * Shopify's text names it after "Also:": every group, each by any one of its scopes (webPixelCreate:
 * `write_pixels`, and also `read_customer_events`).
 */
export type ScopeNeed = { scopes: string[]; also: string[][]; text: string };

export type AdminSchema = {
  version: string;
  schema: GraphQLSchema;
  typeScopes: Map<string, ScopeNeed>;
  fieldScopes: Map<string, ScopeNeed>;
};

const PACKAGE_DATA = path.join("node_modules", "@shopify", "dev-mcp", "dist", "data");

/** The folder holding Shopify's schema files, looked for from the working directory upwards. */
export function schemaDataDir(from: string = process.cwd()): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, PACKAGE_DATA);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`Shopify's Admin API schema was not found (${PACKAGE_DATA}): @shopify/dev-mcp is a devDependency, run npm install`);
}

/** Versions Shopify lists as supported in the same package, newest first. */
export function supportedAdminVersions(): { name: string; latestVersion?: boolean; releaseCandidate?: boolean }[] {
  const file = path.join(schemaDataDir(), "supported-versions-schema.json");
  const all = JSON.parse(fs.readFileSync(file, "utf8")) as { admin?: { name: string; latestVersion?: boolean; releaseCandidate?: boolean }[] };
  return all.admin ?? [];
}

const loaded = new Map<string, AdminSchema>();

/** Parsed once per process and version (about a second: the file is Shopify's whole Admin API). */
export function loadAdminSchema(version: string = API_VERSION): AdminSchema {
  const hit = loaded.get(version);
  if (hit) return hit;
  const file = path.join(schemaDataDir(), `admin_${version}.json.gz`);
  if (!fs.existsSync(file)) throw new Error(`no Admin API schema for version ${version} in ${path.dirname(file)}`);
  const raw = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8")) as { data: IntrospectionQuery; offline_scopes?: { items?: ScopeItem[] } };
  const typeScopes = new Map<string, ScopeNeed>();
  const fieldScopes = new Map<string, ScopeNeed>();
  for (const item of raw.offline_scopes?.items ?? []) {
    const also = alsoScopes(item.requiredAccess);
    if (item.offlineScopes.length === 0 && also.length === 0) continue;
    const entry = { scopes: item.offlineScopes, also, text: item.requiredAccess };
    if (item.type === "type") typeScopes.set(item.typeName, entry);
    else if (item.fieldName) fieldScopes.set(`${item.typeName}.${item.fieldName}`, entry);
  }
  const schema: AdminSchema = { version, schema: buildClientSchema(raw.data, { assumeValid: true }), typeScopes, fieldScopes };
  loaded.set(version, schema);
  return schema;
}

/**
 * The app's own access scopes named after "Also:" in Shopify's text ("The app requires
 * read_customer_events access scope…", "Requires the `read_returns` access scope or
 * `read_marketplace_returns` access scope."): one group per scope, or one for alternatives joined by
 * "or". What the text asks of the staff member or the shop ("The user must have…"), and a scope needed
 * only for some use of the field ("…access scope to assign events to another staff member"), are left out.
 */
export function alsoScopes(requiredAccess: string): string[][] {
  const also = /Also:(.*)$/s.exec(requiredAccess)?.[1] ?? "";
  const groups: string[][] = [];
  for (const sentence of also.split(/\.(?:\s|$)/)) {
    if (!/^\s*(?:The app (?:requires|must have)|Requires)\b/i.test(sentence) || /\bscopes?\s+to\b/i.test(sentence)) continue;
    const named = [...sentence.matchAll(/\b(?:unauthenticated_)?(?:read|write)_[a-z_]+\b/g)].map((m) => m[0]);
    if (named.length === 0) continue;
    if (/\bor\b/i.test(sentence)) groups.push(named);
    else for (const scope of named) groups.push([scope]);
  }
  return groups;
}

export type ScopeDenial = { path: string[]; field: string; requiredAccess: string; scopes: string[] };

/**
 * Every field the document selects whose scope (on the field, or on the type it returns) none of the
 * granted scopes satisfies. A write scope grants its read scope.
 */
export function deniedFields(admin: AdminSchema, document: DocumentNode, granted: Iterable<string>): ScopeDenial[] {
  const have = effectiveScopes(granted);
  const typeInfo = new TypeInfo(admin.schema);
  const denied: ScopeDenial[] = [];
  const trail: string[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          trail.push(node.alias?.value ?? node.name.value);
          const parent = typeInfo.getParentType();
          const def = typeInfo.getFieldDef();
          if (!parent || !def) return;
          const needs = [admin.fieldScopes.get(`${parent.name}.${def.name}`), admin.typeScopes.get(getNamedType(def.type).name)];
          for (const need of needs) {
            if (need && ((need.scopes.length > 0 && !need.scopes.some((s) => have.has(s))) || need.also.some((group) => !group.some((s) => have.has(s))))) {
              denied.push({ path: [...trail], field: `${parent.name}.${def.name}`, requiredAccess: need.text || need.scopes.join(" or "), scopes: need.scopes });
              break;
            }
          }
        },
        leave() {
          trail.pop();
        },
      },
    }),
  );
  return denied;
}

/** Fields and enum values the schema marks deprecated, with Shopify's reason. */
export function deprecatedUsages(admin: AdminSchema, document: DocumentNode): string[] {
  return validate(admin.schema, document, [NoDeprecatedCustomRule]).map((e) => e.message);
}

export type CheckedRequest =
  | { ok: true; document: DocumentNode; operation: OperationDefinitionNode; variables: Record<string, unknown> }
  | { ok: false; errors: GraphQLFormattedError[]; accessDenied: boolean };

/**
 * What Shopify checks before running a request, in its order: the document parses and validates, the
 * variables coerce to their declared types, and every selected field's access scope is granted.
 */
export function checkRequest(admin: AdminSchema, query: string, variables: Record<string, unknown> | undefined, granted: Iterable<string>): CheckedRequest {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (e) {
    return { ok: false, accessDenied: false, errors: [(e instanceof GraphQLError ? e : new GraphQLError(String(e))).toJSON()] };
  }
  const invalid = validate(admin.schema, document);
  if (invalid.length > 0) return { ok: false, accessDenied: false, errors: invalid.map((e) => e.toJSON()) };
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  const operation = operations[0];
  if (operations.length !== 1 || !operation) {
    return { ok: false, accessDenied: false, errors: [{ message: "A request must hold exactly one operation" }] };
  }
  const coerced = getVariableValues(admin.schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return { ok: false, accessDenied: false, errors: coerced.errors.map((e) => e.toJSON()) };
  const denied = deniedFields(admin, document, granted);
  if (denied.length > 0) {
    return {
      ok: false,
      accessDenied: true,
      errors: denied.map((d) => ({
        message: `Access denied for ${d.path.at(-1)} field. Required access: ${d.requiredAccess}`,
        path: d.path,
        extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: d.requiredAccess },
      })),
    };
  }
  return { ok: true, document, operation, variables: coerced.coerced };
}
