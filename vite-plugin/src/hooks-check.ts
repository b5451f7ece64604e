import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const VIRTUAL_SERVER = 'virtual:sv-sdk/server';

const HOOK_FILES = ['hooks.server.ts', 'hooks.server.js'];

/**
 * Why the app's server hooks do not run sv-sdk's handle, with the exact lines to add; undefined when they do. The
 * handle puts the session in `locals`, answers /api/auth and sets the security headers: without it the injected
 * pages cannot work.
 */
export function hooksProblem(srcDir: string, root: string): string | undefined {
  const file = HOOK_FILES.map((name) => join(srcDir, name)).find((path) => existsSync(path));
  if (!file) {
    return [
      `no ${relative(root, join(srcDir, 'hooks.server.ts'))}: create it with`,
      `  export { handle, handleError } from '${VIRTUAL_SERVER}';`,
    ].join('\n');
  }
  const source = readFileSync(file, 'utf8');
  if (source.includes(VIRTUAL_SERVER) || /\bsvSdkHandle\s*\(/.test(source)) return undefined;
  return [
    `${relative(root, file)} does not run sv-sdk's handle. Add`,
    `  import { handle as svSdkHandle, handleError } from '${VIRTUAL_SERVER}';`,
    `  import { sequence } from '@sveltejs/kit/hooks';`,
    `and export  handle = sequence(svSdkHandle, yourHandle)  (sv-sdk's first), and  handleError.`,
  ].join('\n');
}
