// `pnpm bench` figure for issue 10: what svSdk() adds to a SvelteKit dev server's start (its config hook loads
// sv-sdk.config.ts with the kit's plugins and syncs the route files). Each start runs in a fresh process, with and
// without the plugin alternating, on the same small app; medians of 7 each. Target: at most 300 ms added. A start
// reuses the route files of the last one (node_modules/.sv-sdk); after a config change it loads the config (and the
// kit) once the server listens.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const RUNS = 7;
const TARGET_MS = 300;
// Two copies of one app, so each keeps its own Vite caches: with sv-sdk, and as it was before (the baseline).
const apps = join(import.meta.dirname, '..', '.test-apps', 'bench-dev-start');
const roots = { with: join(apps, 'with'), without: join(apps, 'without') };
rmSync(apps, { recursive: true, force: true });
const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'bench-dev-start', private: true, type: 'module' }),
  'sv-sdk.config.ts': [
    "import { defineConfig } from '@sv-sdk/kit';",
    "import { authPlugin } from '@sv-sdk/kit/auth';",
    "import { securityPlugin } from '@sv-sdk/kit/security';",
    'export default defineConfig({ plugins: [securityPlugin(), authPlugin()] });',
    '',
  ].join('\n'),
  'src/app.html': '<!doctype html><html><head>%sveltekit.head%</head><body><div>%sveltekit.body%</div></body></html>\n',
  'src/routes/+page.svelte': '<h1>home</h1>\n',
};
for (const root of Object.values(roots)) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

function start(mode: 'with' | 'without' | 'with-cold'): number {
  // Cold: the first start after sv-sdk.config.ts changed (no cached route files).
  const root = mode === 'without' ? roots.without : roots.with;
  if (mode === 'with-cold') rmSync(join(root, 'node_modules', '.sv-sdk'), { recursive: true, force: true });
  const run = spawnSync(
    process.execPath,
    [join(import.meta.dirname, 'dev-start-child.ts'), root, mode === 'without' ? 'without' : 'with'],
    {
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`dev start (${mode}) failed: ${run.stderr}`);
  return (JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { ms: number }).ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
// One of each first, unmeasured: the first start fills the OS file cache for both.
start('without');
start('with');
const without: number[] = [];
const withPlugin: number[] = [];
const cold: number[] = [];
for (let run = 0; run < RUNS; run += 1) {
  without.push(start('without'));
  cold.push(start('with-cold'));
  withPlugin.push(start('with'));
}
rmSync(apps, { recursive: true, force: true });

const base = median(without);
const figures = [
  {
    id: 'vite-plugin.dev-start',
    title: 'dev start with svSdk() (route files cached from the last start)',
    value: median(withPlugin),
  },
  {
    id: 'vite-plugin.dev-start-cold',
    title: 'dev start with svSdk() after sv-sdk.config.ts changed (it loads once the server listens)',
    value: median(cold),
  },
].map(({ id, title, value }) => ({
  id,
  title: `${title}, SvelteKit 3 app with the auth plugin, fresh process`,
  value: Math.round(value),
  unit: 'ms',
  baseline: { name: 'the same app without sv-sdk', value: Math.round(base) },
  ratio: Math.round((value / base) * 100) / 100,
  target: `<= ${TARGET_MS} ms added`,
  pass: value - base <= TARGET_MS,
}));
for (const figure of figures) {
  console.log(
    `  ${figure.pass ? '✓' : '✗'} ${figure.title}: ${figure.value} ms vs ${figure.baseline.value} ms ` +
      `(${figure.baseline.name}), ${figure.value - figure.baseline.value} ms added, ratio ${figure.ratio}; target ${figure.target}`,
  );
}

// Added to the kit's bench-results.json when `pnpm bench` wrote one in this run.
const results = resolve(import.meta.dirname, '..', '..', 'bench-results.json');
if (existsSync(results)) {
  const data = JSON.parse(readFileSync(results, 'utf8')) as { figures: { id: string }[] };
  const ids = new Set(figures.map((figure) => figure.id));
  data.figures = [...data.figures.filter((entry) => !ids.has(entry.id)), ...figures];
  writeFileSync(results, `${JSON.stringify(data, null, 2)}\n`);
}
