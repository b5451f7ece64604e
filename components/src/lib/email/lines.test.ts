import { describe, expect, it } from 'vitest';
import { findLine, lineAt } from './lines.js';

describe('template line numbers', () => {
  const source = '<mjml>\n  <mj-body>\n    {{verifyUrl}}\n  </mj-body>\n</mjml>';

  it('are 1-based: the first line is line 1, as in the gutter', () => {
    expect(lineAt(source, 0)).toBe(1);
    expect(lineAt(source, source.indexOf('<mj-body>'))).toBe(2);
    // the character right after a line break starts the next line
    expect(lineAt(source, source.indexOf('\n') + 1)).toBe(2);
    expect(lineAt(source, source.indexOf('\n'))).toBe(1);
  });

  it('finds the line of a text, counting CRLF once', () => {
    expect(findLine(source, '{{verifyUrl}}')).toBe(3);
    expect(findLine(source.replaceAll('\n', '\r\n'), '{{verifyUrl}}')).toBe(3);
    expect(findLine(source, '{{missing}}')).toBeNull();
  });

  it('clamps offsets outside the source', () => {
    expect(lineAt(source, -5)).toBe(1);
    expect(lineAt(source, 10_000)).toBe(5);
  });
});
