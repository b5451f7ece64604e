// Runs every `*.bench.ts` under src/ (or those whose path contains an argument) and writes bench-results.json.
// Each bench file runs in a process of its own, so one file's heap, pools and worker threads (argon2, PGlite) cannot
// slow the next file's figures down.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHarness, formatFigure, type BenchFigure, type BenchSuite } from './harness.ts';

const root = resolve(import.meta.dirname, '..');
const filters = process.argv.slice(2);

async function findBenches(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.bench.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const single = process.env.SV_SDK_BENCH_FILE;
if (single !== undefined) {
  // Child: one bench file; its figures go to SV_SDK_BENCH_OUT for the parent.
  const figures: BenchFigure[] = [];
  const suite = (await import(pathToFileURL(single).href)).default as BenchSuite;
  await suite(createHarness(figures));
  for (const figure of figures) console.log(`  ${formatFigure(figure)}`);
  await writeFile(process.env.SV_SDK_BENCH_OUT ?? '', JSON.stringify(figures));
  // Clients a bench forgot to close must not keep the process alive.
  process.exit();
}

const files = (await findBenches(join(root, 'src'))).filter(
  (file) => filters.length === 0 || filters.some((filter) => file.includes(filter)),
);
const figures: BenchFigure[] = [];
const failures: string[] = [];
const scratch = await mkdtemp(join(tmpdir(), 'sv-sdk-bench-'));
for (const [index, file] of files.entries()) {
  const name = relative(root, file);
  console.log(`\n▶ ${name}`);
  const out = join(scratch, `${index}.json`);
  const run = spawnSync(process.execPath, [import.meta.filename], {
    stdio: 'inherit',
    env: { ...process.env, SV_SDK_BENCH_FILE: file, SV_SDK_BENCH_OUT: out },
  });
  if (run.status !== 0) {
    failures.push(name);
    console.error(`  ✗ ${name} failed (exit ${run.status ?? run.signal})`);
    continue;
  }
  figures.push(...(JSON.parse(await readFile(out, 'utf8')) as BenchFigure[]));
}
await rm(scratch, { recursive: true, force: true });

const output = resolve(root, '..', 'bench-results.json');
await writeFile(
  output,
  JSON.stringify(
    { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, figures },
    null,
    2,
  ) + '\n',
);
const missed = figures.filter((figure) => !figure.pass);
console.log(
  `\n${figures.length} figures, ${figures.length - missed.length} on target, ${missed.length} missed; written to ${relative(process.cwd(), output)}`,
);
if (failures.length > 0) {
  console.error(`bench files that failed: ${failures.join(', ')}`);
  process.exitCode = 1;
}
