import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

// Issue 5: the JS a browser fetches to show and hydrate the demo's sign-in page, gzipped per file (level 9) and
// summed, as served by the production build. Runs in the `embedded` project only (see playwright.config.ts): the
// client bundle does not depend on the engines. Per source module: `node scripts/login-js-by-module.ts`.

/**
 * Issue 5's target for everything: SvelteKit's client runtime, the Svelte runtime, the layout, the page, our
 * components. Not met: the framework alone (Kit's client with devalue, and the Svelte runtime chunk, which this app's
 * routes share) is ~38 KB gzip, so the test asserts the two budgets below and prints the gap to this target.
 */
const TARGET_KB = 40;
/**
 * What we control: the layout and page nodes, the components and their dependencies (was 22.7 KB before; 9 until the
 * alert listed each broken password rule with its own message, issue 17: 9.15 KB; 9.5 until the demo got its own
 * error page, which SvelteKit loads with every page, issue 10: 9.7 KB).
 */
const APP_BUDGET_KB = 10;
/** Ceiling for the whole page (was 60.6 KB with tailwind-merge and tailwind-variants on the sign-in path; 47 until the demo's error page: 47.5 KB). */
const TOTAL_BUDGET_KB = 48;

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

  const all = [...files.values()].sort((a, b) => b.gzip - a.gzip);
  const sum = (list: JsFile[]) => list.reduce((total, f) => total + f.gzip, 0);
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  const frameworkFiles = all.filter((f) => framework.has(f.path));
  const appFiles = all.filter((f) => !framework.has(f.path));
  const total = sum(all);
  const lines = [
    `/login JS: ${all.length} files, ${kb(total)} KB gzip (level 9), ${kb(all.reduce((t, f) => t + f.raw, 0))} KB raw; budget ${TOTAL_BUDGET_KB} KB (issue target ${TARGET_KB} KB: ${total / 1024 <= TARGET_KB ? 'met' : `${kb(total - TARGET_KB * 1024)} KB over`})`,
    `  framework (SvelteKit client + Svelte runtime): ${kb(sum(frameworkFiles))} KB gzip in ${frameworkFiles.length} files`,
    ...frameworkFiles.map((f) => `    ${kb(f.gzip).padStart(5)} KB  ${f.path}`),
    `  app (layout, page, components and their dependencies): ${kb(sum(appFiles))} KB gzip in ${appFiles.length} files (budget ${APP_BUDGET_KB} KB)`,
    ...appFiles.map((f) => `    ${kb(f.gzip).padStart(5)} KB  ${f.path}`),
  ];
  console.log(lines.join('\n'));
  testInfo.annotations.push(
    { type: 'login JS (KB gzip)', description: kb(total) },
    { type: 'framework (KB gzip)', description: kb(sum(frameworkFiles)) },
    { type: 'app + components (KB gzip)', description: kb(sum(appFiles)) },
  );

  expect(all.length, 'JS files loaded').toBeGreaterThan(0);
  expect(sum(appFiles) / 1024, 'layout, page and components JS in KB gzip').toBeLessThanOrEqual(APP_BUDGET_KB);
  expect(total / 1024, 'login page JS in KB gzip').toBeLessThanOrEqual(TOTAL_BUDGET_KB);
});
