import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { GeneratedFile } from '@sv-sdk/kit/routes';

/**
 * The route files computed at the last start, kept in `node_modules/.sv-sdk/routes.json` (beside Vite's own cache).
 * Computing them loads sv-sdk.config.ts and with it the kit's plugins (~1 s of imports); a dev start reuses them when
 * the config file, the plugin options and the kit's version are the same, and checks them again once the server
 * listens. Builds and `sv-sdk sync` always compute them.
 */
interface CacheEntry {
  key: string;
  files: GeneratedFile[];
}

const cacheFile = (root: string) => join(root, 'node_modules', '.sv-sdk', 'routes.json');

function kitVersion(root: string): string {
  try {
    const require = createRequire(join(root, 'package.json'));
    const manifest = require.resolve('@sv-sdk/kit/package.json');
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}

/** What the route files depend on, short of loading the config: its bytes, the plugin's options, the kit version. */
export function routeCacheKey(root: string, configPath: string | undefined, options: unknown): string {
  const hash = createHash('sha256');
  hash.update(configPath && existsSync(configPath) ? readFileSync(configPath) : 'no config');
  hash.update(`\0${JSON.stringify(options)}\0${kitVersion(root)}`);
  return hash.digest('hex');
}

export function readRouteCache(root: string, key: string): GeneratedFile[] | undefined {
  try {
    const entry = JSON.parse(readFileSync(cacheFile(root), 'utf8')) as CacheEntry;
    return entry.key === key && Array.isArray(entry.files) ? entry.files : undefined;
  } catch {
    return undefined;
  }
}

export function writeRouteCache(root: string, key: string, files: GeneratedFile[]): void {
  const file = cacheFile(root);
  // No node_modules (an unusual layout): nothing is cached, every start computes the routes.
  if (!existsSync(dirname(dirname(file)))) return;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ key, files } satisfies CacheEntry)}\n`);
  } catch {
    // A read-only node_modules: the same.
  }
}
