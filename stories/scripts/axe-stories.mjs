// The catalog check: opens every story of the built catalog (storybook-static) in Chromium, runs axe on it in the
// light theme, the dark theme and right-to-left, and compares screenshots with the committed baselines in
// visual-baselines/ (every story in light; dark and RTL for each component's representative story). Fails on any
// violation, render error or visual difference, and opens every docs page. `--build-if-needed` (re)builds the
// catalog first when it is missing or older than the stories or the components. `--update` (or
// UPDATE_BASELINES=1) rewrites the baselines. Env: CHROMIUM_PATH (default /usr/bin/chromium), STORY_FILTER
// (substring of ids), STORYBOOK_DIR (another built catalog), CI (a missing baseline fails instead of being written).
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright';
import { captureStory, compareWithBaseline, FIXED_NOW, orphanBaselines, STILL_CSS } from './visual.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// STORYBOOK_DIR: another built catalog (several builds side by side while working).
const staticDir = process.env.STORYBOOK_DIR ? resolve(process.env.STORYBOOK_DIR) : join(root, 'storybook-static');
const indexFile = join(staticDir, 'index.json');
const started = Date.now();
const baselineDir = join(root, 'visual-baselines');
const resultsDir = join(root, 'test-results/visual');
const updating = process.argv.includes('--update') || process.env.UPDATE_BASELINES === '1';
const ci = Boolean(process.env.CI) && process.env.CI !== 'false';
const timings = [];
const lap = (label, since) => timings.push(`${label} ${((Date.now() - since) / 1000).toFixed(1)}s`);

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

// (Only the default catalog: one given by STORYBOOK_DIR is used as it is.)
if (process.argv.includes('--build-if-needed') && !process.env.STORYBOOK_DIR) {
  const sources = Math.max(
    newestMtime(join(root, 'src')),
    newestMtime(join(root, '.storybook')),
    newestMtime(join(root, '../components/src')),
  );
  if (!existsSync(indexFile) || statSync(indexFile).mtimeMs < sources) {
    console.log('building the catalog (storybook-static is missing or older than the sources)…');
    const buildStarted = Date.now();
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
    lap('build', buildStarted);
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

/**
 * The themes and directions every story is checked in (axe). Screenshots: every story in `light`; `dark` and `rtl`
 * only for representative stories. A mode the story pins through its parameters (`theme`, `dir`) is skipped.
 */
const MODES = [
  { name: 'light', globals: { theme: 'light', dir: 'ltr' } },
  { name: 'dark', globals: { theme: 'dark', dir: 'ltr' } },
  { name: 'rtl', globals: { theme: 'light', dir: 'rtl' } },
];
/**
 * Representative stories: the first story of each stories file, plus any story tagged `visual-modes`. A story
 * tagged `no-visual` gets no screenshot (axe still runs).
 */
const allStories = Object.values(index.entries).filter((entry) => entry.type === 'story');
const firstOfFile = new Set();
{
  const seen = new Set();
  for (const entry of allStories)
    if (!seen.has(entry.importPath)) {
      seen.add(entry.importPath);
      firstOfFile.add(entry.id);
    }
}
const screenshotModes = (story) =>
  story.tags?.includes('no-visual')
    ? []
    : firstOfFile.has(story.id) || story.tags?.includes('visual-modes')
      ? ['light', 'dark', 'rtl']
      : ['light'];
const baselineName = (story, mode) => `${story.id}--${mode}`;

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
// Fixed viewport, scale, locale and time zone; reduced motion (the components honour it) on top of STILL_CSS.
const context = await browser.newContext({
  reducedMotion: 'reduce',
  viewport: { width: 1024, height: 768 },
  deviceScaleFactor: 1,
  locale: 'en-US',
  timezoneId: 'UTC',
});
// "Now" is fixed for every page of the context, before any load: calendars mark today, lists show relative times.
await context.clock.setFixedTime(FIXED_NOW);

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

/** Sets the theme/dir globals through Storybook's channel; resolves true once the story has re-rendered. */
async function setGlobals(page, storyId, globals) {
  return page
    .evaluate(
      ({ id, globals }) =>
        new Promise((resolve) => {
          const channel = window.__STORYBOOK_ADDONS_CHANNEL__;
          if (!channel) return resolve(false);
          const done = (ok) => {
            channel.off('storyRendered', onRendered);
            clearTimeout(timer);
            resolve(ok);
          };
          const onRendered = (renderedId) => renderedId === id && done(true);
          const timer = setTimeout(() => done(false), 15_000);
          channel.on('storyRendered', onRendered);
          channel.emit('updateGlobals', { globals });
        }),
      { id: storyId, globals },
    )
    .catch(() => false);
}

/** The `theme`/`dir` parameters of the rendered story (a story that pins them ignores the globals). */
async function pinned(page) {
  return page
    .evaluate(() => {
      const parameters = window.__STORYBOOK_PREVIEW__?.currentRender?.story?.parameters ?? {};
      return { theme: Boolean(parameters.theme), dir: Boolean(parameters.dir) };
    })
    .catch(() => ({ theme: false, dir: false }));
}

async function runAxe(page) {
  for (let attempt = 1; ; attempt++) {
    try {
      // Legacy mode runs axe.run() in the page itself; the default opens an extra page per run.
      return await new AxeBuilder({ page })
        .setLegacyMode(true)
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
        .disableRules(Object.keys(DISABLED_RULES))
        .analyze();
    } catch (error) {
      // the a11y addon may still be finishing its own run: wait and try again
      if (attempt >= 5 || !String(error).includes('Axe is already running')) throw error;
      await page.waitForTimeout(300);
    }
  }
}

/**
 * Loads the story's iframe afresh (in the given theme/dir globals, light left-to-right by default); resolves true
 * once the story rendered, false when it showed Storybook's error display or nothing within 15 s.
 */
async function fullLoad(page, storyId, globals) {
  fullLoads++;
  // a11y.manual: the a11y addon must not run its own axe pass while ours runs.
  const extra = globals ? Object.entries(globals).map(([key, value]) => `;${key}:${value}`) : [];
  await page.goto(`${base}/iframe.html?id=${storyId}&viewMode=story&globals=a11y.manual:!true${extra.join('')}`, {
    waitUntil: 'load',
  });
  await page.addStyleTag({ content: STILL_CSS });
  return page
    .waitForFunction(
      () =>
        document.body.classList.contains('sb-show-main') || document.body.classList.contains('sb-show-errordisplay'),
      null,
      { timeout: 15_000 },
    )
    .then(() => page.evaluate(() => document.body.classList.contains('sb-show-main')))
    .catch(() => false);
}

const results = [];
const visual = [];
/** Screenshots that differed at first and matched on a retake (reported, not failed). */
const retried = [];
let fullLoads = 0;
let axeRuns = 0;
const queue = [...stories];
const passStarted = Date.now();
async function worker() {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Animations and transitions off before the first story renders, not after: a full load renders it at once.
  await page.addInitScript((css) => {
    document.addEventListener('DOMContentLoaded', () => {
      const style = document.createElement('style');
      style.textContent = css;
      document.head.append(style);
    });
  }, STILL_CSS);
  let loaded = false;
  let shown; // the story on the page and the mode of its globals
  for (let story = queue.shift(); story; story = queue.shift()) {
    errors.length = 0;
    // Every story starts in the light, left-to-right globals, so its render does not depend on the story before.
    if (loaded && shown.mode !== MODES[0] && !(await setGlobals(page, shown.id, MODES[0].globals))) loaded = false;
    // The first story loads the iframe; the next ones are switched through Storybook's channel
    // (no reload: much faster). A story that fails to render is retried with a full load.
    let rendered = loaded ? await switchTo(page, story.id) : false;
    if (!rendered) {
      rendered = await fullLoad(page, story.id);
      loaded = rendered;
    }
    if (!rendered) {
      const message = await page
        .locator('#error-message')
        .textContent()
        .catch(() => '');
      results.push({
        story,
        mode: 'light',
        violations: [],
        error: message || errors.join('; ') || 'story did not render',
      });
      continue;
    }
    shown = { id: story.id, mode: MODES[0] };
    const pins = await pinned(page);
    const wanted = screenshotModes(story);
    for (const mode of MODES) {
      if ((mode.name === 'dark' && pins.theme) || (mode.name === 'rtl' && pins.dir)) continue;
      if (mode !== shown.mode) {
        if (!(await setGlobals(page, story.id, mode.globals))) {
          results.push({ story, mode: mode.name, violations: [], error: `did not re-render in ${mode.name}` });
          loaded = false; // reload for the next story
          break;
        }
        shown.mode = mode;
      }
      // Let portalled content (open dialogs, menus) mount and settle.
      await page.waitForTimeout(150);
      const axe = await runAxe(page);
      axeRuns++;
      results.push({
        story,
        mode: mode.name,
        violations: axe.violations,
        error: errors.length ? errors.join('; ') : undefined,
      });
      if (!wanted.includes(mode.name)) continue;
      const name = baselineName(story, mode.name);
      const compare = (actual) =>
        compareWithBaseline({ name, actual, baselineDir, resultsDir, mode: updating ? 'update' : 'check', ci });
      let shot = compare(await captureStory(page));
      // A difference is confirmed on a fresh render before it counts (as Playwright's toHaveScreenshot retakes): once
      // on this page after a pause, once from a full load in the mode. A real change differs every time; a render
      // that settled late (a font, a measured editor) matches on the retake and is reported as retried.
      for (let retake = 1; shot.status === 'different' && retake <= 2; retake++) {
        if (retake === 1) await page.waitForTimeout(1000);
        else {
          await fullLoad(page, story.id, mode.globals);
          loaded = false; // the next story loads afresh in the light mode
        }
        const again = compare(await captureStory(page));
        if (again.status !== 'different') retried.push({ story, mode: mode.name, name, first: shot.reason });
        shot = again;
      }
      visual.push({ story, mode: mode.name, name, ...shot });
    }
  }
  await page.close();
}
rmSync(resultsDir, { recursive: true, force: true });
await Promise.all([worker(), worker()]);
lap(`stories (${axeRuns} axe runs, ${visual.length} screenshots)`, passStarted);

// Docs pages (autodocs and MDX): each must render without errors.
const docsFailures = [];
const docsStarted = Date.now();
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
lap('docs', docsStarted);
await browser.close();
server.close();

let violationCount = 0;
let failed = 0;
let renderErrors = 0;
const byStory = (a, b) => a.story.id.localeCompare(b.story.id) || a.mode.localeCompare(b.mode);
for (const { story, mode, violations, error } of results.sort(byStory)) {
  violationCount += violations.length;
  if (!violations.length && !error) continue;
  failed++;
  if (error) renderErrors++;
  console.log(`✗ ${story.title} › ${story.name} [${mode}] (${story.id})`);
  if (error) console.log(`    render error: ${error}`);
  for (const violation of violations) {
    console.log(`    [${violation.impact}] ${violation.id}: ${violation.help} (${violation.nodes.length} node(s))`);
    for (const node of violation.nodes.slice(0, 3))
      console.log(`        ${node.target.join(' ')} — ${node.failureSummary?.split('\n')[1]?.trim() ?? ''}`);
  }
}
for (const { entry, error } of docsFailures) console.log(`✗ docs ${entry.title} (${entry.id}): ${error}`);

const visualFailures = visual.filter((shot) => shot.status === 'different' || shot.status === 'missing').sort(byStory);
for (const shot of visualFailures) {
  const why = shot.status === 'missing' ? 'no baseline (CI: baselines are not written)' : shot.reason;
  console.log(`✗ visual ${shot.story.title} › ${shot.story.name} [${shot.mode}] (${shot.name}): ${why} → ${shot.file}`);
}
for (const shot of retried.sort(byStory))
  console.log(`  retaken: ${shot.story.title} › ${shot.story.name} [${shot.mode}] first ${shot.first}, then matched`);
const written = visual.filter((shot) => shot.status === 'written');
for (const shot of written) console.log(`  baseline written: visual-baselines/${shot.name}.png`);
// Baselines whose story is gone: removed on a full update, otherwise reported (a filtered run sees only part).
const orphans = filter
  ? []
  : orphanBaselines(
      baselineDir,
      visual.map((shot) => shot.name),
      updating,
    );
for (const file of orphans) console.log(`  ${updating ? 'removed' : 'stale (run --update)'}: visual-baselines/${file}`);

const seconds = ((Date.now() - started) / 1000).toFixed(1);
const checked = new Set(results.map((result) => result.story.id)).size;
console.log(
  `\naxe: ${checked} stories checked in light, dark and RTL (${results.length} runs), ${violationCount} violations, ` +
    `${renderErrors} render errors, ${failed} failing (rules off: ${Object.keys(DISABLED_RULES).join(', ')}); ` +
    `docs: ${docsPages.length} pages rendered, ${docsFailures.length} failing`,
);
console.log(
  `visual: ${visual.length} screenshots, ${visualFailures.length} different or missing, ${retried.length} matched on a ` +
    `retake, ${written.length} baselines ` +
    `written${updating ? ' (update)' : ''}; differences in ${visualFailures.length ? 'test-results/visual/' : '-'}`,
);
console.log(`time: ${timings.join(', ')}; total ${seconds}s, ${fullLoads} page loads`);
if (results.length === 0) {
  console.error('no stories found in the catalog');
  process.exit(1);
}
process.exit(failed === 0 && docsFailures.length === 0 && visualFailures.length === 0 ? 0 : 1);
