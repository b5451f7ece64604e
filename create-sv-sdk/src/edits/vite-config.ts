// editViteConfig: `svSdk()` as the first entry of the plugins array of a vite.config.*, and its import. Pure (a string
// in, a string out); refuses, with the reason, every config whose plugins it cannot find for certain.
import {
  addImportLines,
  applySplices,
  freeName,
  importLine,
  localImportName,
  parseSource,
  prependToList,
  styleOf,
  unwrap,
  type Node,
  type Parsed,
  type Splice,
  type Statement,
} from './source.ts';

export const VITE_PLUGIN_PACKAGE = '@sv-sdk/vite-plugin';
const DEFINE_CONFIG_SOURCES = ['vite', 'vitest/config'];

export type EditResult = { code: string; changed: boolean } | { refused: string };

type ObjectExpression = Extract<Node, { type: 'ObjectExpression' }>;
type ArrayExpression = Extract<Node, { type: 'ArrayExpression' }>;
type BlockStatement = Extract<Node, { type: 'BlockStatement' }>;
type ReturnStatement = Extract<Node, { type: 'ReturnStatement' }>;
/** Statement lists to look names up in, innermost first (a function's body, then the module). */
type Scopes = readonly (readonly Statement[])[];

interface Context {
  source: string;
  file: string;
  parsed: Parsed;
  defineConfigNames: Set<string>;
}

/**
 * Adds `svSdk()` (first) to the plugins of a Vite config and `import { svSdk } from '@sv-sdk/vite-plugin'`, keeping
 * every other byte. Understands `export default defineConfig({...})`, a plain object, `defineConfig(() => ({...}))`
 * or a function with one `return`, and a `const` (with `satisfies`/`as`) they name. A config that already has
 * `svSdk()` comes back unchanged. Refuses (with the reason, nothing changed) when the plugins are not an array
 * literal, the config comes from a call it does not know (`mergeConfig(...)`, a factory), there is no `sveltekit()`
 * in the plugins, or the file does not parse.
 */
export function editViteConfig(source: string, file = 'vite.config.ts'): EditResult {
  const plan = planViteConfig(source, file);
  if ('refused' in plan) return plan;
  if (plan.splices.length === 0) return { code: source, changed: false };
  const code = applySplices(source, plan.splices);
  // The edit must leave a config this function recognises as done; anything else is a bug here, not the user's.
  const check = planViteConfig(code, file);
  if ('refused' in check || check.splices.length > 0) {
    return { refused: `${file}: the edit could not be verified; add svSdk() to the plugins by hand` };
  }
  return { code, changed: true };
}

function planViteConfig(source: string, file: string): { splices: Splice[] } | { refused: string } {
  const parsed = parseSource(source, file);
  if ('refused' in parsed) return parsed;
  const defineConfigNames = new Set(
    DEFINE_CONFIG_SOURCES.map((from) => localImportName(parsed, from, 'defineConfig')).filter(
      (name): name is string => name !== undefined,
    ),
  );
  const context: Context = { source, file, parsed, defineConfigNames };
  const exported = parsed.program.body.find((statement) => statement.type === 'ExportDefaultDeclaration');
  if (!exported) return { refused: `${file} has no default export (export default defineConfig({ ... }))` };

  const config = resolveConfigObject(exported.declaration, [parsed.program.body], context, 0);
  if (typeof config === 'string') return { refused: `${file}: ${config}` };
  const plugins = pluginsArray(config.object, config.scopes, context);
  if (typeof plugins === 'string') return { refused: `${file}: ${plugins}` };

  const elements = plugins.elements;
  if (elements.some((element) => element === null)) return { refused: `${file}: the plugins array has holes` };
  const calls = (local: string | undefined) =>
    local !== undefined &&
    elements.some(
      (element) =>
        element?.type === 'CallExpression' && element.callee.type === 'Identifier' && element.callee.name === local,
    );

  const sveltekit = localImportName(parsed, '@sveltejs/kit/vite', 'sveltekit');
  if (!calls(sveltekit)) {
    return {
      refused: `${file}: no sveltekit() (from '@sveltejs/kit/vite') in the plugins array, so it is not clear where svSdk() goes`,
    };
  }

  const imported = localImportName(parsed, VITE_PLUGIN_PACKAGE, 'svSdk');
  const local = imported ?? 'svSdk';
  if (!imported && freeName(parsed.program, ['svSdk']) === undefined) {
    return { refused: `${file} already uses the name svSdk for something else than '${VITE_PLUGIN_PACKAGE}'` };
  }

  const splices: Splice[] = [];
  if (!calls(local)) {
    splices.push(prependToList(parsed, parsed.range(plugins).start, elements[0] ?? undefined, `${local}()`));
  }
  if (!imported) {
    splices.push(addImportLines(parsed, [importLine(styleOf(parsed), VITE_PLUGIN_PACKAGE, ['svSdk'])]));
  }
  return { splices };
}

function resolveConfigObject(
  node: Node,
  scopes: Scopes,
  context: Context,
  depth: number,
): { object: ObjectExpression; scopes: Scopes } | string {
  if (depth > 8) return 'the config goes through too many names and calls to follow';
  const value = unwrap(node);
  switch (value.type) {
    case 'ObjectExpression':
      return { object: value, scopes };
    case 'CallExpression': {
      const callee = value.callee;
      if (callee.type === 'Identifier' && context.defineConfigNames.has(callee.name)) {
        const [argument, ...rest] = value.arguments;
        if (!argument || rest.length > 0) return `${callee.name}() should take one argument`;
        return resolveConfigObject(argument, scopes, context, depth + 1);
      }
      const { start, end } = context.parsed.range(callee);
      return `the config is built by ${context.source.slice(start, end)}(...), which this edit cannot follow: add svSdk() to its plugins by hand`;
    }
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
    case 'FunctionDeclaration': {
      if (value.body.type !== 'BlockStatement') return resolveConfigObject(value.body, scopes, context, depth + 1);
      const returns = returnStatements(value.body);
      const [only] = returns;
      if (returns.length !== 1 || !only?.argument) {
        return `the config function has ${returns.length} return statements: add svSdk() to the plugins by hand`;
      }
      return resolveConfigObject(only.argument, [value.body.body, ...scopes], context, depth + 1);
    }
    case 'Identifier': {
      const declared = findDeclaration(value.name, scopes);
      if (!declared) return `cannot find the declaration of ${value.name}`;
      if (typeof declared === 'string') return declared;
      return resolveConfigObject(declared.init, declared.scopes, context, depth + 1);
    }
    default:
      return `the config is a ${value.type}, which this edit cannot follow: add svSdk() to its plugins by hand`;
  }
}

/** The `return` statements of a function body, not those of functions inside it. */
function returnStatements(body: BlockStatement): ReturnStatement[] {
  const found: ReturnStatement[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const typed = node as { type?: unknown };
    if (typeof typed.type !== 'string') return;
    if (/Function|Method|Class/.test(typed.type)) return;
    if (typed.type === 'ReturnStatement') {
      found.push(node as ReturnStatement);
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'loc' && key !== 'comments' && key !== 'leadingComments' && key !== 'trailingComments') visit(child);
    }
  };
  for (const statement of body.body) visit(statement);
  return found;
}

/** The initialiser of `const name = …` in the nearest scope that declares it. */
function findDeclaration(name: string, scopes: Scopes): { init: Node; scopes: Scopes } | string | undefined {
  for (let index = 0; index < scopes.length; index++) {
    for (const statement of scopes[index] ?? []) {
      const declaration =
        statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
      if (declaration.type !== 'VariableDeclaration') continue;
      for (const declarator of declaration.declarations) {
        if (declarator.id.type !== 'Identifier' || declarator.id.name !== name) continue;
        if (declaration.kind !== 'const') return `${name} is declared with ${declaration.kind}, not const`;
        if (!declarator.init) return `${name} has no value`;
        return { init: declarator.init, scopes: scopes.slice(index) };
      }
    }
  }
  return undefined;
}

function pluginsArray(object: ObjectExpression, scopes: Scopes, context: Context): ArrayExpression | string {
  const property = object.properties.find(
    (candidate) =>
      (candidate.type === 'ObjectProperty' || candidate.type === 'ObjectMethod') &&
      !candidate.computed &&
      ((candidate.key.type === 'Identifier' && candidate.key.name === 'plugins') ||
        (candidate.key.type === 'StringLiteral' && candidate.key.value === 'plugins')),
  );
  if (!property) {
    return object.properties.some((candidate) => candidate.type === 'SpreadElement')
      ? 'the plugins may come from a spread (...) in the config: add svSdk() by hand'
      : 'the config has no plugins array';
  }
  if (property.type !== 'ObjectProperty') return 'plugins is a method, not an array literal';
  let value = unwrap(property.value as Node);
  if (value.type === 'Identifier') {
    const declared = findDeclaration(value.name, scopes);
    if (declared && typeof declared !== 'string') value = unwrap(declared.init);
  }
  if (value.type !== 'ArrayExpression') {
    const { start, end } = context.parsed.range(value);
    const text = context.source.slice(start, end);
    return `plugins is not an array literal (${text.length > 40 ? `${text.slice(0, 40)}…` : text}): add svSdk() to it by hand`;
  }
  return value;
}
