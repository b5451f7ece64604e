// Where the JS of the demo's /login page comes from, per source module: builds the demo with source maps into a
// scratch directory (DEMO_ANALYZE_DIR, see examples/demo/vite.config.ts; the e2e build is not touched), takes the
// files the page loads (Kit's entry files, the route's layout and page nodes and their static imports), and splits
// every file's bytes by the source its mapped segments come from. Gzip bytes are each file's gzip size (level 9)
// shared out in proportion to raw bytes: an estimate per module, exact per file and in total.
//
//   node scripts/login-js-by-module.ts [--route /login] [--no-build] [--top 40]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values: args } = parseArgs({
  options: {
    route: { type: 'string', default: '/(auth)/login' },
    'no-build': { type: 'boolean', default: false },
    top: { type: 'string', default: '40' },
    dir: { type: 'string', default: join(tmpdir(), 'sv-sdk-demo-analyze') },
  },
});
const demo = resolve(import.meta.dirname, '../../examples/demo');
const out = resolve(args.dir);
const kitOut = join(out, '.svelte-kit/output');

if (!args['no-build'] || !existsSync(kitOut)) {
  console.log(`building the demo with source maps into ${out} …`);
  execFileSync('pnpm', ['exec', 'vite', 'build', '--logLevel', 'warn'], {
    cwd: demo,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEMO_ANALYZE_DIR: out },
  });
}

// The files the page loads: Kit's entry imports, then each layout node and the leaf node with their static imports.
const serverManifest = readFileSync(join(kitOut, 'server/manifest.js'), 'utf8');
const entryImports = JSON.parse(serverManifest.match(/client:\s*\{[^}]*?imports:(\[[^\]]*\])/)?.[1] ?? 'null') as
  string[] | null;
const routeMatch = serverManifest.match(
  new RegExp(
    `id: ${JSON.stringify(args.route).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')},[\\s\\S]*?page: \\{ layouts: \\[([^\\]]*)\\], errors: \\[([^\\]]*)\\], leaf: (\\d+) \\}`,
  ),
);
if (!entryImports || !routeMatch) throw new Error(`route ${args.route} or the client entry not found in the manifest`);
// Kit loads the layouts, the error pages and the leaf on a first visit.
const nodeIds = [routeMatch[1] ?? '', routeMatch[2] ?? '']
  .flatMap((list) => list.split(','))
  .filter((s) => s.trim() !== '')
  .concat(routeMatch[3] ?? '')
  .map(Number);

type Chunk = { file: string; imports?: string[] };
const clientManifest = JSON.parse(readFileSync(join(kitOut, 'client/.vite/manifest.json'), 'utf8')) as Record<
  string,
  Chunk
>;
const files = new Set<string>(entryImports);
const visit = (key: string) => {
  const chunk = clientManifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const dep of chunk.imports ?? []) visit(dep);
};
for (const id of nodeIds) {
  const key = Object.keys(clientManifest).find((k) => k.endsWith(`/client-optimized/nodes/${id}.js`));
  if (!key) throw new Error(`node ${id} not in the client manifest`);
  visit(key);
}

// Source maps: decode the VLQ mappings and give each generated segment's bytes to its source.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = B64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

// Bytes without a mapping (e.g. the template strings of compiled Svelte components, separators) go to the source of
// the nearest mapped segment before them (the first one after them at the start of a file).
function attribute(code: string, map: { sources: string[]; mappings: string }): Map<string, number> {
  const bytes = new Map<string, number>();
  let pending = 0;
  let current: string | undefined;
  const add = (n: number, source = current) => {
    if (source === undefined) pending += n;
    else bytes.set(source, (bytes.get(source) ?? 0) + n);
  };
  const lines = code.split('\n');
  const mapLines = map.mappings.split(';');
  let sourceIndex = 0;
  lines.forEach((line, i) => {
    let column = 0;
    let last = 0;
    for (const segment of (mapLines[i] ?? '').split(',').filter(Boolean)) {
      const seg = decodeVlq(segment);
      column += seg[0] ?? 0;
      add(Buffer.byteLength(line.slice(last, column)));
      last = column;
      if (seg.length >= 4) {
        sourceIndex += seg[1] ?? 0;
        current = map.sources[sourceIndex] ?? '(unknown source)';
        if (pending) {
          const n = pending;
          pending = 0;
          add(n);
        }
      }
    }
    add(Buffer.byteLength(line.slice(last)) + 1); // the rest of the line and its newline
  });
  if (pending) bytes.set('(unmapped)', pending);
  return bytes;
}

/** `node_modules/<pkg>` for dependencies, the workspace path for our code. */
function moduleOf(source: string): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const [scope = '', name = ''] = source.slice(nm + 'node_modules/'.length).split('/');
    return `node_modules/${scope.startsWith('@') ? `${scope}/${name}` : scope}`;
  }
  const generated = source.match(/generated\/(?:build\/)?client-optimized\/.*$/);
  if (generated) return `.svelte-kit/${generated[0]}`;
  const ws = source.match(/(components\/src\/.*|examples\/demo\/src\/.*)$/);
  return ws?.[1] ?? source;
}

function groupOf(module: string): string {
  if (/^node_modules\/(svelte|@sveltejs\/kit|devalue|esm-env)$/.test(module)) return 'framework';
  if (module.startsWith('.svelte-kit/generated')) return 'framework';
  if (module.startsWith('components/')) return 'components';
  if (module.startsWith('examples/demo/')) return 'demo app';
  if (module.startsWith('(no source map)')) return 'framework'; // Vite's modulepreload helper
  if (module === '(unmapped)') return 'unmapped';
  return 'dependencies';
}

type Row = { module: string; group: string; raw: number; gzip: number };
const rows = new Map<string, Row>();
const fileRows: { file: string; raw: number; gzip: number }[] = [];
for (const file of files) {
  const path = join(kitOut, 'client', file);
  const code = readFileSync(path, 'utf8');
  const raw = Buffer.byteLength(code.replace(/\n\/\/# sourceMappingURL=.*\s*$/, ''));
  const gzip = gzipSync(code.replace(/\n\/\/# sourceMappingURL=.*\s*$/, ''), { level: 9 }).length;
  fileRows.push({ file, raw, gzip });
  const perSource = existsSync(`${path}.map`)
    ? attribute(code, JSON.parse(readFileSync(`${path}.map`, 'utf8')))
    : new Map([[`(no source map) ${file}`, raw]]);
  const total = [...perSource.values()].reduce((a, b) => a + b, 0) || 1;
  for (const [source, n] of perSource) {
    const module = moduleOf(source);
    const row = rows.get(module) ?? { module, group: groupOf(module), raw: 0, gzip: 0 };
    row.raw += (n * raw) / total;
    row.gzip += (n * gzip) / total;
    rows.set(module, row);
  }
}

const kb = (n: number) => (n / 1024).toFixed(1).padStart(6);
const totalRaw = fileRows.reduce((a, r) => a + r.raw, 0);
const totalGzip = fileRows.reduce((a, r) => a + r.gzip, 0);
console.log(`\n${args.route}: ${files.size} JS files, ${kb(totalRaw)} KB raw, ${kb(totalGzip)} KB gzip (level 9)\n`);
console.log('by file (KB raw / gzip):');
for (const r of fileRows.sort((a, b) => b.gzip - a.gzip)) console.log(`  ${kb(r.raw)} ${kb(r.gzip)}  ${r.file}`);
const groups = new Map<string, { raw: number; gzip: number }>();
for (const r of rows.values()) {
  const g = groups.get(r.group) ?? { raw: 0, gzip: 0 };
  g.raw += r.raw;
  g.gzip += r.gzip;
  groups.set(r.group, g);
}
console.log('\nby group (KB raw / gzip, gzip shared by raw bytes):');
for (const [g, v] of [...groups].sort((a, b) => b[1].gzip - a[1].gzip))
  console.log(`  ${kb(v.raw)} ${kb(v.gzip)}  ${g}`);
// Packages and folders: node_modules/<pkg>, components/src/lib/<folder>.
const byPackage = new Map<string, { raw: number; gzip: number }>();
for (const r of rows.values()) {
  const key = r.module.startsWith('components/') ? r.module.split('/').slice(0, 4).join('/') : r.module;
  const v = byPackage.get(key) ?? { raw: 0, gzip: 0 };
  v.raw += r.raw;
  v.gzip += r.gzip;
  byPackage.set(key, v);
}
console.log('\nby package / folder (KB raw / gzip):');
for (const [k, v] of [...byPackage].sort((a, b) => b[1].gzip - a[1].gzip))
  console.log(`  ${kb(v.raw)} ${kb(v.gzip)}  ${k}`);
console.log(`\ntop ${args.top} modules (KB raw / gzip):`);
for (const r of [...rows.values()].sort((a, b) => b.gzip - a.gzip).slice(0, Number(args.top)))
  console.log(`  ${kb(r.raw)} ${kb(r.gzip)}  ${r.module.padEnd(60)} ${r.group}`);
