/**
 * Line numbers in a template source, 1-based like the editor's gutter (a compile error names the
 * line the user sees). Pure functions, no CodeMirror: usable on the server to build error messages.
 */

/** The 1-based line of the character at `offset` (0-based) in `source`. CRLF counts as one line break. */
export function lineAt(source: string, offset: number): number {
  const end = Math.max(0, Math.min(offset, source.length));
  let line = 1;
  for (let i = 0; i < end; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

/** The 1-based line of the first occurrence of `text` in `source`, or `null` when it does not occur. */
export function findLine(source: string, text: string): number | null {
  const offset = source.indexOf(text);
  return offset === -1 ? null : lineAt(source, offset);
}
