/**
 * Routes a server plugin contributes to the host app, as data (the way better-auth plugins contribute endpoints).
 * SvelteKit has no programmatic routes, so `svSdk()` (the Vite plugin) and `sv-sdk sync` turn this list into thin
 * route files under the app's routes folder, each importing everything from the packages.
 */
export interface RouteContribution {
  /**
   * The route's folder under its group, SvelteKit syntax, no leading slash: `login`, `login/two-factor`,
   * `api/auth/[...path]`. `''` is the group's root.
   */
  path: string;
  /** The route group the folder goes into: `auth` → `src/routes/(auth)/…`. Route groups never change URLs. */
  group: string;
  /**
   * `page`: a `+page.svelte` rendering `component` (default export of a packaged `.svelte` module) with the page's
   * props, and, with `server`, a `+page.server.ts` whose `load`/`actions` come from that module.
   * `endpoint`: a `+server.ts` re-exporting the HTTP method handlers of `server`.
   */
  kind: 'page' | 'endpoint';
  /** Packaged Svelte component of a page, imported as a default export: `@sv-sdk/components/pages/login-page.svelte`. */
  component?: string;
  /** Packaged server module: a page's `load`/`actions`, or an endpoint's method handlers (`GET`, `POST`…). */
  server?: { module: string; exports: readonly string[] };
}

/** One file the SDK generates, relative to the app's routes folder (POSIX separators), without its marker line. */
export interface GeneratedFile {
  /** `(auth)/login/+page.svelte` */
  path: string;
  /** The file's body; the marker line with its hash goes in front of it when written. */
  content: string;
}
