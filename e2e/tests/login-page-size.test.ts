import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

// Issue 5: the JS a browser fetches to show and hydrate the demo's sign-in page, gzipped per file (level 9) and
// summed, as served by the production build. Runs in the `embedded` project only (see playwright.config.ts): the
// client bundle does not depend on the engines. Per source module: `node scripts/login-js-by-module.ts`.

/**
 * Issue 5's target for everything: SvelteKit's client runtime, the Svelte runtime, the layout, the page, our
 * components. Not met: the framework alone (Kit's client with devalue, and the Svelte runtime chunk, which this app's
 * routes share) is ~38 KB gzip, so the test asserts the budgets below and prints the gap to this target.
 */
const TARGET_KB = 40;
/**
 * Issue 18's target for the sign-in page's own JS (the page node and the components it alone brings: the form, its
 * fields, messages and submit logic), printed with the gap. Not met yet: 8.4 KB when issue 18 was filed, 6.3 KB with
 * the messages split per form, tailwind-merge kept off the page, the show/hide toggle added and the page's modules
 * shared with no other page set (three files instead of six); the budget guards it.
 */
const OWN_TARGET_KB = 5;
const OWN_BUDGET_KB = 6.8;
/**
 * What every page of the demo loads besides the framework: the root layout (the header) and the root error page,
 * which SvelteKit fetches at start so it can show an error offline (the packaged ErrorPage since issue 18).
 */
const EVERY_PAGE_BUDGET_KB = 5; // 4.5 KB: the demo's header and the packaged ErrorPage
/** Ceiling for the whole page (was 60.6 KB with tailwind-merge and tailwind-variants on the sign-in path). */
const TOTAL_BUDGET_KB = 50; // 49.1 KB

type JsFile = { path: string; raw: number; gzip: number; body: string };

/** Static imports of a minified ES module (`import{…}from"./x.js"`, `import"./x.js"`), and its dynamic `import()`s. */
const importsOf = (from: string, body: string, dynamic: boolean) =>
  [
    ...body.matchAll(/(?:\bfrom|\bimport)\s*["'`]([^"'`]+\.js)["'`]/g),
    ...(dynamic ? body.matchAll(/\bimport\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g) : []),
  ].map((m) => new URL(m[1] ?? '', from).pathname);

test('the sign-in page JS stays within its gzip budgets', async ({ page, baseURL }, testInfo) => {
  const files = new Map<string, JsFile>();
  const reading: Promise<void>[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    const type = response.headers()['content-type'] ?? '';
    if (!/javascript/.test(type) && !url.pathname.endsWith('.js')) return;
    reading.push(
      response.body().then((body) => {
        files.set(url.pathname, {
          path: url.pathname,
          raw: body.length,
          gzip: gzipSync(body, { level: 9 }).length,
          body: body.toString('utf8'),
        });
      }),
    );
  });

  await page.goto('/login', { waitUntil: 'networkidle' });
  // Hydrated: the client took over the form (callback wiring), and nothing else is on its way.
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await Promise.all(reading);
  const html = await page.content();

  // Framework: what any page of this app loads besides its own route nodes: Kit's entry files (start, app), the
  // client start() loads (Kit's router, the Svelte runtime) and their static imports (Vite's preload helper). App:
  // everything else (the layout and page nodes and the chunks they import: components and their dependencies).
  const entry = (name: string) => {
    const match = html.match(new RegExp(`import\\(["']([^"']+/entry/${name}\\.[^"']+\\.js)["']\\)`));
    expect(match, `Kit's ${name} entry in the page`).not.toBeNull();
    return new URL(match?.[1] ?? '', new URL('/login', baseURL)).pathname;
  };
  const start = entry('start');
  const framework = new Set<string>();
  const queue = [start, entry('app')];
  while (queue.length) {
    const path = queue.pop()!;
    if (framework.has(path)) continue;
    framework.add(path);
    const file = files.get(path);
    // Only start's dynamic imports are the framework's: app's are the route nodes.
    if (file) queue.push(...importsOf(new URL(path, baseURL).href, file.body, path === start));
  }

  // Every page: the root layout (node 0) and root error page (node 1) with their static imports; the page's own: the
  // rest (its node and the chunks only it brings).
  const reach = (roots: string[]) => {
    const seen = new Set<string>();
    const todo = [...roots];
    while (todo.length) {
      const path = todo.pop()!;
      if (seen.has(path) || framework.has(path)) continue;
      seen.add(path);
      const file = files.get(path);
      if (file) todo.push(...importsOf(new URL(path, baseURL).href, file.body, false));
    }
    return seen;
  };
  const everyPage = reach([...files.keys()].filter((path) => /\/nodes\/[01]\.[^/]+\.js$/.test(path)));

  const all = [...files.values()].sort((a, b) => b.gzip - a.gzip);
  const sum = (list: JsFile[]) => list.reduce((total, f) => total + f.gzip, 0);
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  const frameworkFiles = all.filter((f) => framework.has(f.path));
  const everyPageFiles = all.filter((f) => everyPage.has(f.path));
  const ownFiles = all.filter((f) => !framework.has(f.path) && !everyPage.has(f.path));
  const total = sum(all);
  const own = sum(ownFiles);
  const lines = [
    `/login JS: ${all.length} files, ${kb(total)} KB gzip (level 9), ${kb(all.reduce((t, f) => t + f.raw, 0))} KB raw; budget ${TOTAL_BUDGET_KB} KB (issue 5 target ${TARGET_KB} KB: ${total / 1024 <= TARGET_KB ? 'met' : `${kb(total - TARGET_KB * 1024)} KB over`})`,
    `  framework (SvelteKit client + Svelte runtime): ${kb(sum(frameworkFiles))} KB gzip in ${frameworkFiles.length} files`,
    ...frameworkFiles.map((f) => `    ${kb(f.gzip).padStart(5)} KB  ${f.path}`),
    `  every page (root layout, root error page and what they import): ${kb(sum(everyPageFiles))} KB gzip in ${everyPageFiles.length} files (budget ${EVERY_PAGE_BUDGET_KB} KB)`,
    ...everyPageFiles.map((f) => `    ${kb(f.gzip).padStart(5)} KB  ${f.path}`),
    `  the page's own (its node, the components only it brings): ${kb(own)} KB gzip in ${ownFiles.length} files (budget ${OWN_BUDGET_KB} KB; issue 18 target ${OWN_TARGET_KB} KB: ${own / 1024 <= OWN_TARGET_KB ? 'met' : `${kb(own - OWN_TARGET_KB * 1024)} KB over`})`,
    ...ownFiles.map((f) => `    ${kb(f.gzip).padStart(5)} KB  ${f.path}`),
  ];
  console.log(lines.join('\n'));
  testInfo.annotations.push(
    { type: 'login JS (KB gzip)', description: kb(total) },
    { type: 'framework (KB gzip)', description: kb(sum(frameworkFiles)) },
    { type: 'every page (KB gzip)', description: kb(sum(everyPageFiles)) },
    { type: 'page own (KB gzip)', description: kb(own) },
  );

  expect(all.length, 'JS files loaded').toBeGreaterThan(0);
  expect(ownFiles.length, 'the page has JS of its own').toBeGreaterThan(0);
  expect(own / 1024, "the sign-in page's own JS in KB gzip").toBeLessThanOrEqual(OWN_BUDGET_KB);
  expect(sum(everyPageFiles) / 1024, 'root layout and error page JS in KB gzip').toBeLessThanOrEqual(
    EVERY_PAGE_BUDGET_KB,
  );
  expect(total / 1024, 'login page JS in KB gzip').toBeLessThanOrEqual(TOTAL_BUDGET_KB);
});
