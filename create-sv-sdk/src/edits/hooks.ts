// composeHooks: make src/hooks.server.* run sv-sdk's handle first, keeping the app's own. Pure (string in, string
// out); refuses, with the reason, a file whose `handle` it cannot rename safely.
import {
  addImportLines,
  applySplices,
  freeName,
  importLine,
  localImportName,
  parseSource,
  prependToList,
  styleOf,
  walk,
  type Node,
  type Parsed,
  type Splice,
} from './source.ts';

export const VIRTUAL_SERVER = 'virtual:sv-sdk/server';

/** What a new hooks file holds: sv-sdk's handle and handleError, nothing else. */
export const DEFAULT_HOOKS = [
  "// sv-sdk's handle (request id, origin check, /api/auth, the session in locals, security headers) and handleError",
  '// (stable codes for 4xx, faults without internals), on the SDK built from sv-sdk.config.ts. To add your own handle:',
  "//   import { sequence } from '@sveltejs/kit/hooks';",
  `//   import { handle as sdkHandle, handleError } from '${VIRTUAL_SERVER}';`,
  '//   export const handle = sequence(sdkHandle, yourHandle);',
  '//   export { handleError };',
  `export { handle, handleError } from '${VIRTUAL_SERVER}';`,
  '',
].join('\n');

export type HooksEdit = { code: string; changed: boolean; notes: string[] } | { refused: string };

type ExportNamed = Extract<Node, { type: 'ExportNamedDeclaration' }>;

/**
 * sv-sdk's handle in a hooks file. No file (`undefined`): {@link DEFAULT_HOOKS}. A file that already imports
 * `virtual:sv-sdk/server`: unchanged. `export const handle = sequence(a, b)`: `sequence(sdkHandle, a, b)`. Any other
 * exported `handle` (const or function) is renamed `appHandle` (no longer exported) and
 * `export const handle = sequence(sdkHandle, appHandle)` follows it. No handle: sv-sdk's is re-exported. sv-sdk's
 * `handleError` is exported too, unless the file exports its own (kept, and said in `notes`).
 */
export function composeHooks(source: string | undefined, file = 'src/hooks.server.ts'): HooksEdit {
  if (source === undefined) return { code: DEFAULT_HOOKS, changed: true, notes: [] };
  const parsed = parseSource(source, file);
  if ('refused' in parsed) return parsed;
  const { program } = parsed;

  const usesSdk = program.body.some(
    (statement) =>
      (statement.type === 'ImportDeclaration' ||
        statement.type === 'ExportAllDeclaration' ||
        (statement.type === 'ExportNamedDeclaration' && statement.source)) &&
      statement.source?.value === VIRTUAL_SERVER,
  );
  if (usesSdk) return { code: source, changed: false, notes: [`${file} already runs sv-sdk's handle`] };
  if (localImportName(parsed, '@sv-sdk/kit/sveltekit', 'svSdkHandle')) {
    return { code: source, changed: false, notes: [`${file} wires svSdkHandle itself: left as it is`] };
  }
  if (program.body.some((statement) => statement.type === 'ExportAllDeclaration')) {
    return { refused: `${file} has an \`export * from\`, which may export a handle: ${manualSteps(file)}` };
  }

  const handle = exportOf(parsed, 'handle');
  const handleError = exportOf(parsed, 'handleError');
  if (handle === 'specifier') {
    return { refused: `${file} exports handle through an export list: ${manualSteps(file)}` };
  }

  const style = styleOf(parsed);
  const quoted = (text: string) => `${style.quote}${text}${style.quote}`;
  const notes: string[] = [];
  if (handleError) {
    notes.push(
      `${file} exports its own handleError: kept. sv-sdk's (stable error codes, faults logged without internals) ` +
        `is not installed; to use it, import { handleError as sdkHandleError } from '${VIRTUAL_SERVER}' and call ` +
        `it from yours.`,
    );
  }

  // No handle of the app's: sv-sdk's is the handle.
  if (!handle) {
    const names = handleError ? ['handle'] : ['handle', 'handleError'];
    const separator = source.length === 0 || source.endsWith('\n') ? '' : parsed.eol;
    const line = `export { ${names.join(', ')} } from ${quoted(VIRTUAL_SERVER)}${style.semi}${parsed.eol}`;
    return { code: `${source}${separator}${line}`, changed: true, notes };
  }

  const sdkHandle = freeName(program, ['sdkHandle', 'svSdkHandle', 'sdkHandle_']);
  if (!sdkHandle) return { refused: `${file} already uses the names sdkHandle and svSdkHandle: ${manualSteps(file)}` };
  if (!handleError && !freeName(program, ['handleError'])) {
    return { refused: `${file} uses the name handleError without exporting it: ${manualSteps(file)}` };
  }
  const virtualImports = [`handle as ${sdkHandle}`, ...(handleError ? [] : ['handleError'])];
  const splices: Splice[] = [];
  const imports: string[] = [];
  const sequenceLocal = localImportName(parsed, '@sveltejs/kit/hooks', 'sequence');

  // `export const handle = sequence(...)`: sv-sdk's handle becomes the first of the sequence.
  const init = handle.kind === 'const' ? handle.init : undefined;
  if (
    init?.type === 'CallExpression' &&
    init.callee.type === 'Identifier' &&
    sequenceLocal !== undefined &&
    init.callee.name === sequenceLocal
  ) {
    const open = source.indexOf('(', parsed.range(init.callee).end);
    splices.push(prependToList(parsed, open, init.arguments[0], sdkHandle));
  } else {
    const appHandle = freeName(program, ['appHandle', 'yourHandle', 'appHandle_']);
    if (!appHandle) return { refused: `${file} already uses the names appHandle and yourHandle: ${manualSteps(file)}` };
    const references = referencesOf(parsed, 'handle', handle.id);
    if (references > 0) {
      return { refused: `${file} refers to handle elsewhere than its declaration: ${manualSteps(file)}` };
    }
    const sequence = sequenceLocal ?? freeName(program, ['sequence', 'sequenceHandles']);
    if (!sequence) return { refused: `${file} already uses the name sequence: ${manualSteps(file)}` };
    if (!sequenceLocal) {
      imports.push(
        importLine(style, '@sveltejs/kit/hooks', [sequence === 'sequence' ? 'sequence' : `sequence as ${sequence}`]),
      );
    }
    // `export const handle…` → `const appHandle…`; `export async function handle` → `async function appHandle`.
    const exportStart = parsed.range(handle.statement).start;
    const exportKeyword = /^export\s+/.exec(source.slice(exportStart))?.[0];
    if (!exportKeyword) return { refused: `${file}: could not read the export of handle: ${manualSteps(file)}` };
    splices.push({ at: exportStart, remove: exportKeyword.length, text: '' });
    splices.push({ at: parsed.range(handle.id).start, remove: 'handle'.length, text: appHandle });
    const statementEnd = parsed.range(handle.statement).end;
    const lineEnd = source.indexOf('\n', statementEnd);
    const { eol } = parsed;
    const composed = `${eol}export const handle = ${sequence}(${sdkHandle}, ${appHandle})${style.semi}${eol}`;
    if (lineEnd === -1) splices.push({ at: source.length, text: `${eol}${composed.slice(0, -eol.length)}` });
    else splices.push({ at: lineEnd + 1, text: composed });
  }

  imports.push(importLine(style, VIRTUAL_SERVER, virtualImports));
  splices.push(addImportLines(parsed, imports));
  let code = applySplices(source, splices);
  if (!handleError) {
    code = `${code}${code.endsWith('\n') ? '' : parsed.eol}export { handleError }${style.semi}${parsed.eol}`;
  }
  const check = parseSource(code, file);
  if ('refused' in check) return { refused: `${file}: the edit could not be verified: ${manualSteps(file)}` };
  return { code, changed: true, notes };
}

function manualSteps(file: string): string {
  return (
    `compose it by hand in ${file}: import { handle as sdkHandle, handleError } from '${VIRTUAL_SERVER}'; ` +
    `import { sequence } from '@sveltejs/kit/hooks'; export const handle = sequence(sdkHandle, yourHandle); ` +
    `export { handleError };`
  );
}

interface DeclaredExport {
  kind: 'const' | 'function';
  statement: ExportNamed;
  declaration: Node;
  id: Node;
  init?: Node;
}

/** How the file exports `name`: a declaration, an export list entry ('specifier'), or not at all. */
function exportOf(parsed: Parsed, name: string): DeclaredExport | 'specifier' | undefined {
  for (const statement of parsed.program.body) {
    if (statement.type !== 'ExportNamedDeclaration') continue;
    const declaration = statement.declaration;
    if (declaration?.type === 'FunctionDeclaration' && declaration.id?.name === name) {
      return { kind: 'function', statement, declaration, id: declaration.id };
    }
    if (declaration?.type === 'VariableDeclaration') {
      const declarator = declaration.declarations.find(
        (item) => item.id.type === 'Identifier' && item.id.name === name,
      );
      if (declarator) {
        // `export const a = 1, handle = …`: renaming would unexport the others too.
        if (declaration.declarations.length > 1) return 'specifier';
        return {
          kind: 'const',
          statement,
          declaration,
          id: declarator.id,
          ...(declarator.init ? { init: declarator.init } : {}),
        };
      }
    }
    for (const specifier of statement.specifiers) {
      const exported = specifier.exported;
      const exportedName = exported.type === 'Identifier' ? exported.name : exported.value;
      if (exportedName === name) return 'specifier';
    }
  }
  return undefined;
}

/** How many times `name` is used as a variable other than at `declarationId` (property names do not count). */
function referencesOf(parsed: Parsed, name: string, declarationId: Node): number {
  let count = 0;
  for (const { node, parent, key } of walk(parsed.program)) {
    if (node.type !== 'Identifier' || node.name !== name || node === declarationId) continue;
    if (parent?.type === 'MemberExpression' && key === 'property' && !parent.computed) continue;
    if (parent?.type === 'OptionalMemberExpression' && key === 'property' && !parent.computed) continue;
    if ((parent?.type === 'ObjectProperty' || parent?.type === 'ObjectMethod') && key === 'key' && !parent.computed) {
      if (!(parent.type === 'ObjectProperty' && parent.shorthand)) continue;
    }
    if (parent?.type === 'ClassMethod' || parent?.type === 'ClassProperty') continue;
    if (parent?.type === 'TSPropertySignature' || parent?.type === 'TSMethodSignature') continue;
    count++;
  }
  return count;
}
