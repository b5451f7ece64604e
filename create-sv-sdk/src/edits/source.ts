// Shared helpers of the source edits: parse with magicast, look at the AST it gives (Babel nodes with offsets), and
// change the text by splicing at those offsets, so everything the edit does not touch keeps its bytes (formatting,
// comments, quotes). magicast's own printer (recast) would re-layout an edited array or call and move its comments.
import { parseModule, type ASTNode, type ProxifiedModule } from 'magicast';

export type Node = ASTNode;
export type Program = Extract<Node, { type: 'Program' }>;
export type Statement = Program['body'][number];

export interface Parsed {
  source: string;
  /** The file's line break (`\r\n` when it uses those). */
  eol: string;
  module: ProxifiedModule;
  program: Program;
  /** Offsets of a node in `source`. */
  range(node: Node): { start: number; end: number };
}

/**
 * Parses a JS/TS module with magicast; a syntax error becomes a one-line reason. recast (under magicast) hands the
 * parser a copy whose indentation tabs are expanded and line breaks normalised, so Babel's `start`/`end` are not
 * offsets of the original text: `range` maps the line/column positions instead (a tab width of 1 keeps columns).
 */
export function parseSource(source: string, file: string): Parsed | { refused: string } {
  let module: ProxifiedModule;
  try {
    module = parseModule(source, { tabWidth: 1 });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { refused: `${file} does not parse (${message})` };
  }
  const lineStarts = [0];
  for (const match of source.matchAll(/\r\n|\r|\n|\u2028|\u2029/g)) lineStarts.push(match.index + match[0].length);
  const offset = (position: { line: number; column: number }) => (lineStarts[position.line - 1] ?? 0) + position.column;
  return {
    source,
    eol: source.includes('\r\n') ? '\r\n' : '\n',
    module,
    program: module.$ast as Program,
    range(node) {
      if (!node.loc) throw new Error(`${node.type} has no location`);
      return { start: offset(node.loc.start), end: offset(node.loc.end) };
    },
  };
}

/** Strips what does not change a value: parentheses (Babel keeps none), `satisfies`, `as`, `!`. */
export function unwrap(node: Node): Node {
  let current = node;
  while (
    current.type === 'TSSatisfiesExpression' ||
    current.type === 'TSAsExpression' ||
    current.type === 'TSNonNullExpression' ||
    current.type === 'ParenthesizedExpression'
  ) {
    current = current.expression;
  }
  return current;
}

const SKIPPED_KEYS = new Set([
  'loc',
  'start',
  'end',
  'extra',
  'comments',
  'leadingComments',
  'trailingComments',
  'tokens',
]);

/** Every node under `root` (depth first), with its parent and the key it sits under. */
export function* walk(
  root: Node,
  parent: Node | undefined = undefined,
  key = '',
): Generator<{ node: Node; parent: Node | undefined; key: string }> {
  yield { node: root, parent, key };
  for (const [childKey, value] of Object.entries(root)) {
    if (SKIPPED_KEYS.has(childKey) || value === null || typeof value !== 'object') continue;
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) {
      if (child && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') {
        yield* walk(child as Node, root, childKey);
      }
    }
  }
}

/** Names bound or referenced anywhere in the module (identifiers of any role). */
export function identifierNames(program: Program): Set<string> {
  const names = new Set<string>();
  for (const { node } of walk(program)) if (node.type === 'Identifier') names.add(node.name);
  return names;
}

/** The first of `candidates` that the module does not use yet. */
export function freeName(program: Program, candidates: readonly string[]): string | undefined {
  const used = identifierNames(program);
  return candidates.find((name) => !used.has(name));
}

export interface ImportInfo {
  local: string;
  imported: string;
  from: string;
}

/** The module's value imports (`import type` left out), as magicast lists them. */
export function importsOf(parsed: Parsed): ImportInfo[] {
  return parsed.module.imports.$items
    .filter(
      (item) => item.$declaration.importKind !== 'type' && (item.$ast as { importKind?: string }).importKind !== 'type',
    )
    .map((item) => ({ local: item.local, imported: item.imported, from: item.from }));
}

/** The local name under which `imported` of `from` is imported, if it is. */
export function localImportName(parsed: Parsed, from: string, imported: string): string | undefined {
  return importsOf(parsed).find((item) => item.from === from && item.imported === imported)?.local;
}

export interface CodeStyle {
  quote: "'" | '"';
  semi: string;
}

/** Quote and semicolon style of a file (magicast's detection; single quotes and semicolons when it cannot tell). */
export function styleOf(parsed: Parsed): CodeStyle {
  const { source, program } = parsed;
  // The module's own code says best: the quotes of its string literals, the semicolons ending its statements.
  let single = 0;
  let double = 0;
  for (const { node } of walk(program)) {
    if (node.type !== 'StringLiteral' || !node.loc) continue;
    const quote = source[parsed.range(node).start];
    if (quote === "'") single++;
    else if (quote === '"') double++;
  }
  const quote = double > single ? '"' : "'";
  const ends = program.body
    .filter((statement) => {
      const declaration =
        (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') &&
        statement.declaration
          ? statement.declaration
          : statement;
      return !/Function|Class|TSInterface|TSModule|TSEnum|Block|If|For|While|Try|Switch/.test(declaration.type);
    })
    .map((statement) => source.slice(0, parsed.range(statement).end).trimEnd().endsWith(';'));
  const withSemi = ends.filter(Boolean).length;
  return { quote, semi: ends.length === 0 || withSemi * 2 >= ends.length ? ';' : '' };
}

export interface Splice {
  at: number;
  /** Characters removed from `at` (0: a pure insertion). */
  remove?: number;
  text: string;
}

/** Applies splices given in offsets of the original text. */
export function applySplices(source: string, splices: readonly Splice[]): string {
  let result = source;
  const ordered = [...splices].sort((a, b) => b.at - a.at);
  for (const splice of ordered) {
    result = result.slice(0, splice.at) + splice.text + result.slice(splice.at + (splice.remove ?? 0));
  }
  return result;
}

function lineStartOf(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * The splice that makes `text` the first element of a list (array elements, call arguments) opening at `open` (the
 * offset of its `[` or `(`): on the list's own line when its first element is there (`[a, b]` → `[text, a, b]`), else
 * on a line of its own right after the opening line, indented like the first element.
 */
export function prependToList(parsed: Parsed, open: number, first: Node | undefined, text: string): Splice {
  const { source } = parsed;
  if (!first) return { at: open + 1, text };
  const firstStart = parsed.range(first).start;
  const newline = source.indexOf('\n', open);
  if (newline === -1 || newline > firstStart) return { at: firstStart, text: `${text}, ` };
  const indent = /^[ \t]*/.exec(source.slice(lineStartOf(source, firstStart)))?.[0] ?? '';
  return { at: newline + 1, text: `${indent}${text},${parsed.eol}` };
}

/**
 * The splice that adds import lines after the module's last import (on the line after it, so a comment ending that
 * line stays with it), or before the first statement when there is none.
 */
export function addImportLines(parsed: Parsed, lines: readonly string[]): Splice {
  const { source, program, eol } = parsed;
  const imports = program.body.filter((statement) => statement.type === 'ImportDeclaration');
  const last = imports.at(-1);
  const block = lines.map((line) => `${line}${eol}`).join('');
  if (last) {
    const newline = source.indexOf('\n', parsed.range(last).end);
    if (newline === -1) return { at: source.length, text: `${eol}${block.slice(0, -eol.length)}` };
    return { at: newline + 1, text: block };
  }
  const first = program.body[0];
  if (!first) return { at: source.length, text: block };
  return { at: lineStartOf(source, parsed.range(first).start), text: `${block}${eol}` };
}

/** `import { a, b as c } from 'x';` in the file's style. */
export function importLine(style: CodeStyle, from: string, specifiers: readonly string[]): string {
  return `import { ${specifiers.join(', ')} } from ${style.quote}${from}${style.quote}${style.semi}`;
}
