// Screenshot comparison for the catalog check (axe-stories.mjs): deterministic capture of a story and a pixel
// comparison with its committed baseline in stories/visual-baselines/.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

/** OKLab distance under which two pixels count as equal (pixelmatch; 0 = exact, 1 = black vs white). */
export const PIXEL_THRESHOLD = 0.03;
/** Differing pixels allowed per image (anti-aliased pixels are ignored by pixelmatch anyway). */
export const MAX_DIFF_PIXELS = 20;
/** "Today" for every story (calendars mark it, lists show relative times): fixed, in UTC, en-US. */
export const FIXED_NOW = new Date('2026-11-25T10:00:00Z');

/**
 * Zeroes animations and transitions (reduced motion is also on) and hides the caret, so a screenshot never
 * catches a component mid-way.
 */
export const STILL_CSS = `*, *::before, *::after {
  animation-duration: 0s !important; animation-delay: 0s !important; animation-iteration-count: 1 !important;
  transition-duration: 0s !important; transition-delay: 0s !important; caret-color: transparent !important;
}`;

/**
 * Screenshots the story: the story root (the decorator's `[data-story-root]`) plus whatever the story portalled to
 * the body (dialogs, menus, toasts), with a small margin, so a change of size shows as a change of the image.
 * Waits for the fonts first.
 */
export async function captureStory(page) {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // Content that mounts late (a code editor imported on demand replaces its loading line) changes the story's size:
  // wait until the story root keeps one size for three polls 100 ms apart (at most 3 s).
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const root = document.querySelector('[data-story-root]');
        if (!root) return resolve(undefined);
        let last = '';
        let same = 0;
        const started = Date.now();
        const poll = () => {
          const rect = root.getBoundingClientRect();
          const size = `${rect.width}x${rect.height}`;
          same = size === last ? same + 1 : 0;
          last = size;
          if (same >= 3 || Date.now() - started > 3000) resolve(undefined);
          else setTimeout(poll, 100);
        };
        poll();
      }),
  );
  const clip = await page.evaluate(() => {
    const rects = [];
    const add = (element) => {
      const rect = element.getBoundingClientRect();
      // Visually hidden helpers (1×1 live regions, announcers left in the body by an earlier story) do not count.
      if (rect.width <= 1 || rect.height <= 1) return;
      if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return;
      rects.push(rect);
    };
    const root = document.querySelector('[data-story-root]');
    if (root) add(root);
    for (const child of document.body.children) {
      if (child.id === 'storybook-root' || child.id === 'storybook-docs') continue;
      // a portal's wrapper can be 0×0 with positioned content: measure the whole subtree
      for (const element of [child, ...child.querySelectorAll('*')]) add(element);
    }
    if (!rects.length) return null;
    const margin = 8;
    const doc = document.documentElement;
    const left = Math.max(0, Math.floor(Math.min(...rects.map((r) => r.left)) + scrollX - margin));
    const top = Math.max(0, Math.floor(Math.min(...rects.map((r) => r.top)) + scrollY - margin));
    const right = Math.min(doc.scrollWidth, Math.ceil(Math.max(...rects.map((r) => r.right)) + scrollX + margin));
    const bottom = Math.min(doc.scrollHeight, Math.ceil(Math.max(...rects.map((r) => r.bottom)) + scrollY + margin));
    return { x: left, y: top, width: right - left, height: bottom - top };
  });
  return page.screenshot({
    fullPage: true,
    animations: 'disabled',
    caret: 'hide',
    scale: 'css',
    ...(clip && clip.width > 0 && clip.height > 0 ? { clip } : {}),
  });
}

/**
 * Compares a screenshot with its baseline. `mode`: 'check' (compare; a missing baseline is written, or fails when
 * `ci`), or 'update' (always write). On a difference, writes `<name>-actual.png`, `-expected.png` and `-diff.png`
 * (red: pixels that differ) to `resultsDir`. Returns { status: 'same' | 'written' | 'missing' | 'different', ... }.
 */
export function compareWithBaseline({ name, actual, baselineDir, resultsDir, mode, ci }) {
  const baselineFile = join(baselineDir, `${name}.png`);
  if (mode === 'update' || !existsSync(baselineFile)) {
    if (mode !== 'update' && ci) {
      mkdirSync(resultsDir, { recursive: true });
      writeFileSync(join(resultsDir, `${name}-actual.png`), actual);
      return { status: 'missing', file: join(resultsDir, `${name}-actual.png`) };
    }
    mkdirSync(baselineDir, { recursive: true });
    const changed = !existsSync(baselineFile) || !readFileSync(baselineFile).equals(actual);
    if (changed) writeFileSync(baselineFile, actual);
    return { status: changed ? 'written' : 'same', file: baselineFile };
  }
  const expectedBuffer = readFileSync(baselineFile);
  if (expectedBuffer.equals(actual)) return { status: 'same' };
  const expected = PNG.sync.read(expectedBuffer);
  const got = PNG.sync.read(actual);
  const width = Math.max(expected.width, got.width);
  const height = Math.max(expected.height, got.height);
  const diff = new PNG({ width, height });
  let diffPixels;
  let reason;
  if (expected.width === got.width && expected.height === got.height) {
    diffPixels = pixelmatch(expected.data, got.data, diff.data, width, height, { threshold: PIXEL_THRESHOLD });
    if (diffPixels <= MAX_DIFF_PIXELS) return { status: 'same', diffPixels };
    reason = `${diffPixels} pixels differ (${((100 * diffPixels) / (width * height)).toFixed(2)}%)`;
  } else {
    // Different sizes: compare on a common canvas, so the diff still shows where the change is.
    const pad = (image) => {
      const canvas = new PNG({ width, height, fill: true });
      PNG.bitblt(image, canvas, 0, 0, image.width, image.height, 0, 0);
      return canvas;
    };
    diffPixels = pixelmatch(pad(expected).data, pad(got).data, diff.data, width, height, {
      threshold: PIXEL_THRESHOLD,
    });
    reason = `size ${got.width}×${got.height} instead of ${expected.width}×${expected.height}, ${diffPixels} pixels differ`;
  }
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${name}-actual.png`), actual);
  writeFileSync(join(resultsDir, `${name}-expected.png`), expectedBuffer);
  writeFileSync(join(resultsDir, `${name}-diff.png`), PNG.sync.write(diff));
  return { status: 'different', reason, diffPixels, file: join(resultsDir, `${name}-diff.png`) };
}

/** Baselines of `baselineDir` not in `names` (their story is gone); removed when `remove`. */
export function orphanBaselines(baselineDir, names, remove) {
  if (!existsSync(baselineDir)) return [];
  const wanted = new Set(names.map((name) => `${name}.png`));
  const orphans = readdirSync(baselineDir).filter((file) => file.endsWith('.png') && !wanted.has(file));
  if (remove) for (const file of orphans) rmSync(join(baselineDir, file));
  return orphans;
}
