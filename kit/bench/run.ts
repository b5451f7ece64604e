// Runs every `*.bench.ts` under src/ (or those whose path contains an argument) and writes bench-results.json.
import { readdir, writeFile } from 'node:fs/promises';
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

const files = (await findBenches(join(root, 'src'))).filter(
  (file) => filters.length === 0 || filters.some((filter) => file.includes(filter)),
);
const figures: BenchFigure[] = [];
const failures: string[] = [];
for (const file of files) {
  const name = relative(root, file);
  console.log(`\n▶ ${name}`);
  const before = figures.length;
  try {
    const suite = (await import(pathToFileURL(file).href)).default as BenchSuite;
    await suite(createHarness(figures));
  } catch (error) {
    failures.push(name);
    console.error(`  ✗ ${name} failed:`, error);
  }
  for (const figure of figures.slice(before)) console.log(`  ${formatFigure(figure)}`);
}

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
// Clients a bench forgot to close must not keep the process alive.
process.exit();
