// Opens every story of the built catalog (storybook-static) in Chromium and runs axe on it.
// Fails on any violation. `--build-if-needed` (re)builds the catalog first when it is missing or
// older than the stories or the components. Prints how many stories were checked and the
// violations found. Env: CHROMIUM_PATH (default /usr/bin/chromium), STORY_FILTER (substring of ids).
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const staticDir = join(root, 'storybook-static');
const indexFile = join(staticDir, 'index.json');
const started = Date.now();

/** Rules switched off, each with the reason. Keep this list short. */
const DISABLED_RULES = {
  // A story renders one component in isolation, not a page: there is no <main>/landmarks or <h1>.
  // Landmarks and headings are checked on the real pages by the e2e suite.
  region: 'a story is a component in isolation, not a page with landmarks',
  'landmark-one-main': 'a story is a component in isolation, not a page',
  'page-has-heading-one': 'a story is a component in isolation, not a page',
};

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'storybook-static' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (process.argv.includes('--build-if-needed')) {
  const sources = Math.max(
    newestMtime(join(root, 'src')),
    newestMtime(join(root, '.storybook')),
    newestMtime(join(root, '../components/src')),
  );
  if (!existsSync(indexFile) || statSync(indexFile).mtimeMs < sources) {
    console.log('building the catalog (storybook-static is missing or older than the sources)…');
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}
if (!existsSync(indexFile)) {
  console.error('storybook-static/index.json not found: run `pnpm --filter stories build` first');
  process.exit(1);
}

const index = JSON.parse(await readFile(indexFile, 'utf8'));
const filter = process.env.STORY_FILTER;
const stories = Object.values(index.entries).filter(
  (entry) => entry.type === 'story' && (!filter || entry.id.includes(filter)),
);
const docsPages = Object.values(index.entries).filter(
  (entry) => entry.type === 'docs' && (!filter || entry.id.includes(filter)),
);

const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = normalize(join(staticDir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
  if (!path.startsWith(staticDir) || !existsSync(path) || statSync(path).isDirectory()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
  createReadStream(path).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`Chromium not found at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  process.exit(1);
}
const browser = await chromium.launch({
  executablePath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const context = await browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1024, height: 768 } });

/** Renders another story in the loaded iframe; resolves true once it has rendered. */
async function switchTo(page, storyId) {
  return page
    .evaluate(
      (id) =>
        new Promise((resolve) => {
          const channel = window.__STORYBOOK_ADDONS_CHANNEL__;
          if (!channel) return resolve(false);
          const done = (ok) => {
            channel.off('storyRendered', onRendered);
            channel.off('storyErrored', onFailed);
            channel.off('storyThrewException', onFailed);
            clearTimeout(timer);
            resolve(ok);
          };
          const onRendered = (renderedId) => renderedId === id && done(true);
          const onFailed = () => done(false);
          const timer = setTimeout(() => done(false), 15_000);
          channel.on('storyRendered', onRendered);
          channel.on('storyErrored', onFailed);
          channel.on('storyThrewException', onFailed);
          channel.emit('setCurrentStory', { storyId: id, viewMode: 'story' });
        }),
      storyId,
    )
    .catch(() => false);
}

// Self-check: the same axe set-up must catch known violations, or a pass would mean nothing.
{
  const page = await context.newPage();
  await page.setContent(
    '<main><h1>x</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button></main>',
  );
  const check = await new AxeBuilder({ page }).setLegacyMode(true).withTags(['wcag2a', 'wcag2aa']).analyze();
  const found = check.violations.map((violation) => violation.id);
  await page.close();
  if (!found.includes('image-alt') || !found.includes('button-name')) {
    console.error(`axe self-check failed: expected image-alt and button-name, got ${found.join(', ') || 'nothing'}`);
    process.exit(1);
  }
}

const results = [];
let fullLoads = 0;
const queue = [...stories];
async function worker() {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  let loaded = false;
  for (let story = queue.shift(); story; story = queue.shift()) {
    errors.length = 0;
    // The first story loads the iframe; the next ones are switched through Storybook's channel
    // (no reload: much faster). A story that fails to render is retried with a full load.
    let rendered = loaded ? await switchTo(page, story.id) : false;
    if (!rendered) {
      fullLoads++;
      // a11y.manual: the a11y addon must not run its own axe pass while ours runs.
      await page.goto(`${base}/iframe.html?id=${story.id}&viewMode=story&globals=a11y.manual:!true`, {
        waitUntil: 'load',
      });
      rendered = await page
        .waitForFunction(
          () =>
            document.body.classList.contains('sb-show-main') ||
            document.body.classList.contains('sb-show-errordisplay'),
          null,
          { timeout: 15_000 },
        )
        .then(() => page.evaluate(() => document.body.classList.contains('sb-show-main')))
        .catch(() => false);
      loaded = rendered;
    }
    // Let portalled content (open dialogs, menus) mount and settle.
    await page.waitForTimeout(150);
    if (!rendered) {
      const message = await page
        .locator('#error-message')
        .textContent()
        .catch(() => '');
      results.push({ story, violations: [], error: message || errors.join('; ') || 'story did not render' });
      continue;
    }
    let axe;
    for (let attempt = 1; ; attempt++) {
      try {
        // Legacy mode runs axe.run() in the page itself; the default opens an extra page per run.
        axe = await new AxeBuilder({ page })
          .setLegacyMode(true)
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
          .disableRules(Object.keys(DISABLED_RULES))
          .analyze();
        break;
      } catch (error) {
        // the a11y addon may still be finishing its own run: wait and try again
        if (attempt >= 5 || !String(error).includes('Axe is already running')) throw error;
        await page.waitForTimeout(300);
      }
    }
    results.push({ story, violations: axe.violations, error: errors.length ? errors.join('; ') : undefined });
  }
  await page.close();
}
await Promise.all([worker(), worker()]);

// Docs pages (autodocs and MDX): each must render without errors.
const docsFailures = [];
{
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  for (const entry of docsPages) {
    errors.length = 0;
    await page.goto(`${base}/iframe.html?id=${entry.id}&viewMode=docs&globals=a11y.manual:!true`, {
      waitUntil: 'load',
    });
    const ok = await page
      .waitForFunction(
        () =>
          document.body.classList.contains('sb-show-main') &&
          (document.querySelector('#storybook-docs')?.textContent?.length ?? 0) > 20,
        null,
        { timeout: 20_000 },
      )
      .then(() => true)
      .catch(() => false);
    if (!ok || errors.length) docsFailures.push({ entry, error: errors.join('; ') || 'did not render' });
  }
  await page.close();
}
await browser.close();
server.close();

let violationCount = 0;
let failed = 0;
let renderErrors = 0;
for (const { story, violations, error } of results.sort((a, b) => a.story.id.localeCompare(b.story.id))) {
  const nodes = violations.reduce((sum, violation) => sum + violation.nodes.length, 0);
  violationCount += violations.length;
  if (!violations.length && !error) continue;
  failed++;
  if (error) renderErrors++;
  console.log(`✗ ${story.title} › ${story.name} (${story.id})`);
  if (error) console.log(`    render error: ${error}`);
  for (const violation of violations) {
    console.log(`    [${violation.impact}] ${violation.id}: ${violation.help} (${violation.nodes.length} node(s))`);
    for (const node of violation.nodes.slice(0, 3))
      console.log(`        ${node.target.join(' ')} — ${node.failureSummary?.split('\n')[1]?.trim() ?? ''}`);
  }
  void nodes;
}
for (const { entry, error } of docsFailures) console.log(`✗ docs ${entry.title} (${entry.id}): ${error}`);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `\naxe: ${results.length} stories checked, ${violationCount} violations, ${renderErrors} render errors, ${failed} stories failing ` +
    `(rules off: ${Object.keys(DISABLED_RULES).join(', ')}); docs: ${docsPages.length} pages rendered, ` +
    `${docsFailures.length} failing; ${seconds}s, ${fullLoads} page loads`,
);
if (results.length === 0) {
  console.error('no stories found in the catalog');
  process.exit(1);
}
process.exit(failed === 0 && docsFailures.length === 0 ? 0 : 1);
