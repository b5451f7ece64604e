import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodeAdapter from '@sveltejs/adapter-node';
import type { Adapter } from '@sveltejs/kit';
import { runtimeOriginModule } from './runtime-origin.ts';

/** adapter-node's options (`out`, `precompress`, `envPrefix`). */
export type NodeAdapterOptions = NonNullable<Parameters<typeof nodeAdapter>[0]>;

/**
 * `@sveltejs/adapter-node`, with the app's public origin read when the server starts. adapter-node 6 fixes the
 * origin at build time (`paths.origin`) and otherwise assumes https unless the client sends PROTOCOL_HEADER, so a
 * build served over plain http (localhost, a private network) refuses every form post as cross-site, and one build
 * cannot be deployed to both staging and production. With this adapter the built server takes its origin from
 * `ORIGIN` (else `BETTER_AUTH_URL`/`PUBLIC_BASE_URL`) at start-up: the same setting the SDK checks in production.
 * @example
 * // vite.config.ts
 * import { adapter } from '@sv-sdk/kit/adapter-node';
 * export default defineConfig({ plugins: [sveltekit({ adapter: adapter() })] });
 * // then: ORIGIN=https://app.example.com node build
 */
export function adapter(options: NodeAdapterOptions = {}): Adapter {
  const inner = nodeAdapter(options);
  return {
    ...inner,
    async adapt(builder) {
      await inner.adapt(builder);
      const file = join(options.out ?? 'build', 'adapter-node.js');
      writeFileSync(file, runtimeOriginModule(readFileSync(file, 'utf8'), options.envPrefix ?? ''));
    },
  };
}
