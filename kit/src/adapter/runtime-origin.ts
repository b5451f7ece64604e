// The app's public origin, read when the built server starts rather than fixed when it is built. Pure text work on
// adapter-node's output module, kept apart from the adapter so it is testable without a build.

/** The export of adapter-node's `adapter-node.js` that the built server takes as the origin of every request. */
const ORIGIN_EXPORT = /^export const origin = (undefined|"(?:[^"\\]|\\.)*");$/m;

/** Environment variables that name the public origin, in order of precedence (the first one set wins). */
export const ORIGIN_VARIABLES = ['ORIGIN', 'BETTER_AUTH_URL', 'PUBLIC_BASE_URL'] as const;

/**
 * Rewrites adapter-node's `adapter-node.js` so that `origin` comes from the environment at start-up: `ORIGIN`, else
 * the origin of `BETTER_AUTH_URL` or `PUBLIC_BASE_URL` (each with the adapter's `envPrefix`), else the build-time
 * value (`paths.origin`, usually unset: then adapter-node derives it from PROTOCOL_HEADER/HOST_HEADER as before).
 * A value that is not an http(s) URL stops the server at start with a message naming the variable.
 * Throws when the module has no `origin` export (a changed adapter), so the build fails instead of shipping a
 * server that ignores the setting.
 * @example runtimeOriginModule('export const origin = undefined;', '') // reads process.env.ORIGIN at start
 */
export function runtimeOriginModule(source: string, envPrefix: string): string {
  const match = ORIGIN_EXPORT.exec(source);
  if (!match) {
    throw new Error(
      '[sv-sdk] adapter-node output has no `export const origin`: this adapter-node version is not supported by ' +
        "@sv-sdk/kit/adapter-node. Use @sveltejs/adapter-node's own adapter and set `paths.origin`, or PROTOCOL_HEADER.",
    );
  }
  const fallback = match[1] as string;
  const names = JSON.stringify(ORIGIN_VARIABLES.map((name) => `${envPrefix}${name}`));
  const reader = [
    `export const origin = (() => {`,
    `  for (const name of ${names}) {`,
    `    const value = process.env[name];`,
    `    if (!value) continue;`,
    `    let url;`,
    `    try { url = new URL(value); } catch { url = undefined; }`,
    `    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {`,
    `      throw new Error('[sv-sdk] ' + name + ' must be the public URL of the app, e.g. https://app.example.com or http://127.0.0.1:3000');`,
    `    }`,
    `    return url.origin;`,
    `  }`,
    `  return ${fallback};`,
    `})();`,
  ].join('\n');
  return source.replace(ORIGIN_EXPORT, () => reader);
}
