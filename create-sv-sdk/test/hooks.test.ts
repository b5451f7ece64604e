// composeHooks: sv-sdk's handle first, the app's own kept; the exact text, idempotence, refusals.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeHooks, DEFAULT_HOOKS } from '../src/index.ts';

function composed(source: string | undefined): { code: string; notes: string[] } {
  const result = composeHooks(source);
  if ('refused' in result) throw new Error(`refused: ${result.refused}`);
  expect(result.changed).toBe(true);
  // Idempotent: the composed file is left alone, byte for byte.
  expect(composeHooks(result.code)).toEqual({
    code: result.code,
    changed: false,
    notes: ["src/hooks.server.ts already runs sv-sdk's handle"],
  });
  return { code: result.code, notes: result.notes };
}

const lines = (...text: string[]) => `${text.join('\n')}\n`;

describe('composeHooks', () => {
  it("no hooks file: sv-sdk's handle and handleError (the templates' file)", () => {
    expect(composed(undefined).code).toBe(DEFAULT_HOOKS);
    const template = readFileSync(join(import.meta.dirname, '../templates/base/src/hooks.server.ts'), 'utf8');
    expect(template).toBe(DEFAULT_HOOKS);
  });

  it('an exported handle becomes appHandle, after sv-sdk’s in a sequence; handleError is sv-sdk’s', () => {
    const source = lines(
      "import type { Handle } from '@sveltejs/kit';",
      '',
      'export const handle: Handle = async ({ event, resolve }) => {',
      "  event.locals.theme = event.cookies.get('theme') ?? 'light';",
      '  return resolve(event);',
      '};',
    );
    expect(composed(source)).toEqual({
      code: lines(
        "import type { Handle } from '@sveltejs/kit';",
        "import { sequence } from '@sveltejs/kit/hooks';",
        "import { handle as sdkHandle, handleError } from 'virtual:sv-sdk/server';",
        '',
        'const appHandle: Handle = async ({ event, resolve }) => {',
        "  event.locals.theme = event.cookies.get('theme') ?? 'light';",
        '  return resolve(event);',
        '};',
        '',
        'export const handle = sequence(sdkHandle, appHandle);',
        'export { handleError };',
      ),
      notes: [],
    });
  });

  it('an exported function handle (JavaScript, no semicolons, double quotes)', () => {
    const source = lines(
      'import { building } from "$app/environment"',
      '',
      'export async function handle({ event, resolve }) {',
      '  if (building) return resolve(event)',
      '  return resolve(event, { filterSerializedResponseHeaders: () => true })',
      '}',
    );
    expect(composed(source).code).toBe(
      lines(
        'import { building } from "$app/environment"',
        'import { sequence } from "@sveltejs/kit/hooks"',
        'import { handle as sdkHandle, handleError } from "virtual:sv-sdk/server"',
        '',
        'async function appHandle({ event, resolve }) {',
        '  if (building) return resolve(event)',
        '  return resolve(event, { filterSerializedResponseHeaders: () => true })',
        '}',
        '',
        'export const handle = sequence(sdkHandle, appHandle)',
        'export { handleError }',
      ),
    );
  });

  it('a handle that is already a sequence gets sv-sdk’s as its first entry (one line and one per line)', () => {
    expect(
      composed(
        lines(
          "import { sequence } from '@sveltejs/kit/hooks';",
          "import { i18n, theme } from '$lib/server/hooks';",
          '',
          'export const handle = sequence(i18n, theme);',
        ),
      ).code,
    ).toBe(
      lines(
        "import { sequence } from '@sveltejs/kit/hooks';",
        "import { i18n, theme } from '$lib/server/hooks';",
        "import { handle as sdkHandle, handleError } from 'virtual:sv-sdk/server';",
        '',
        'export const handle = sequence(sdkHandle, i18n, theme);',
        'export { handleError };',
      ),
    );
    expect(
      composed(
        lines(
          "import { sequence as chain } from '@sveltejs/kit/hooks';",
          "import { i18n, theme } from '$lib/server/hooks';",
          '',
          'export const handle = chain(',
          '  i18n,',
          '  theme,',
          ');',
        ),
      ).code,
    ).toBe(
      lines(
        "import { sequence as chain } from '@sveltejs/kit/hooks';",
        "import { i18n, theme } from '$lib/server/hooks';",
        "import { handle as sdkHandle, handleError } from 'virtual:sv-sdk/server';",
        '',
        'export const handle = chain(',
        '  sdkHandle,',
        '  i18n,',
        '  theme,',
        ');',
        'export { handleError };',
      ),
    );
  });

  it('keeps the app’s own handleError and says so', () => {
    const result = composed(
      lines(
        "import type { Handle, HandleServerError } from '@sveltejs/kit';",
        'export const handle: Handle = ({ event, resolve }) => resolve(event);',
        'export const handleError: HandleServerError = ({ error }) => {',
        '  console.error(error);',
        '};',
      ),
    );
    expect(result.code).toBe(
      lines(
        "import type { Handle, HandleServerError } from '@sveltejs/kit';",
        "import { sequence } from '@sveltejs/kit/hooks';",
        "import { handle as sdkHandle } from 'virtual:sv-sdk/server';",
        'const appHandle: Handle = ({ event, resolve }) => resolve(event);',
        '',
        'export const handle = sequence(sdkHandle, appHandle);',
        'export const handleError: HandleServerError = ({ error }) => {',
        '  console.error(error);',
        '};',
      ),
    );
    expect(result.notes).toEqual([
      "src/hooks.server.ts exports its own handleError: kept. sv-sdk's (stable error codes, faults logged without internals) is not installed; to use it, import { handleError as sdkHandleError } from 'virtual:sv-sdk/server' and call it from yours.",
    ]);
  });

  it('a hooks file without a handle re-exports sv-sdk’s', () => {
    expect(composed(lines('export const handleFetch = ({ request, fetch }) => fetch(request);')).code).toBe(
      lines(
        'export const handleFetch = ({ request, fetch }) => fetch(request);',
        "export { handle, handleError } from 'virtual:sv-sdk/server';",
      ),
    );
  });

  it('leaves an already composed file (or the one-line re-export) unchanged', () => {
    const composedByHand = lines(
      "import { sequence } from '@sveltejs/kit/hooks';",
      "import { handle as svSdkHandle, handleError } from 'virtual:sv-sdk/server';",
      "import { theme } from '$lib/server/theme';",
      'export const handle = sequence(svSdkHandle, theme);',
      'export { handleError };',
    );
    expect(composeHooks(composedByHand)).toMatchObject({ code: composedByHand, changed: false });
    expect(composeHooks(DEFAULT_HOOKS)).toMatchObject({ code: DEFAULT_HOOKS, changed: false });
  });

  it('refuses what it cannot rename safely, saying what to write', () => {
    const refusal = (source: string) => {
      const result = composeHooks(source);
      if (!('refused' in result)) throw new Error(`not refused:\n${result.code}`);
      return result.refused;
    };
    expect(
      refusal(lines('const mine = ({ event, resolve }) => resolve(event);', 'export { mine as handle };')),
    ).toMatch(
      /^src\/hooks\.server\.ts exports handle through an export list: compose it by hand in src\/hooks\.server\.ts: import \{ handle as sdkHandle, handleError \} from 'virtual:sv-sdk\/server';/,
    );
    expect(
      refusal(
        lines('export const handle = ({ event, resolve }) => resolve(event);', 'export const wrapped = [handle];'),
      ),
    ).toMatch(/^src\/hooks\.server\.ts refers to handle elsewhere than its declaration/);
    expect(refusal(lines("export * from './hooks-impl';"))).toMatch(/has an `export \* from`/);
    expect(refusal('export const handle = (')).toMatch(/^src\/hooks\.server\.ts does not parse/);
  });
});
