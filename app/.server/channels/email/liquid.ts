// The two Liquid engines templates run in. Customer text is data: the HTML engine escapes every
// output and has no `raw`; the text engine serves the subject and preheader, which are plain text.
import { Liquid, type FS, type LiquidOptions, type Template } from "liquidjs";

/** Templates are stored strings: no partials, so no file is ever read on a merchant's behalf. */
const NO_FILES: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async (file) => {
    throw new Error(`templates cannot include other files (${file})`);
  },
  readFileSync: (file) => {
    throw new Error(`templates cannot include other files (${file})`);
  },
  resolve: (_dir, file) => file,
};

export const PARTIAL_TAGS = ["include", "render", "layout"];

const OPTIONS: LiquidOptions = {
  ownPropertyOnly: true,
  strictFilters: true,
  strictVariables: false,
  fs: NO_FILES,
  root: [],
  relativeReference: false,
  // Bounded so a merchant's loop cannot stall the dispatcher.
  parseLimit: 50_000,
  renderLimit: 1_000,
  memoryLimit: 5_000_000,
};

function htmlEngine(): Liquid {
  const liquid = new Liquid({ ...OPTIONS, outputEscape: "escape" });
  // `raw` would let a customer's name through as markup.
  delete (liquid.filters as Record<string, unknown>).raw;
  return liquid;
}

export const liquidHtml = htmlEngine();
export const liquidText = new Liquid(OPTIONS);

export function availableFilters(): string[] {
  return Object.keys(liquidHtml.filters).sort();
}

/** Parsed templates are immutable, so one parse serves every message that uses the same text. */
const PARSED_LIMIT = 500;
const parsed = new WeakMap<Liquid, Map<string, Template[]>>();

/** The same as `engine.parseAndRender(source, vars)`, parsing each distinct source once. */
export async function renderLiquid(engine: Liquid, source: string, vars: object): Promise<string> {
  let cache = parsed.get(engine);
  if (!cache) parsed.set(engine, (cache = new Map()));
  let templates = cache.get(source);
  if (!templates) {
    templates = engine.parse(source);
    if (cache.size >= PARSED_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(source, templates);
  }
  return engine.render(templates, vars);
}
