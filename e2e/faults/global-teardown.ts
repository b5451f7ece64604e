// After the fault suite: anything still running that the suite started is ended (a worker that died leaves its
// engines behind), the run folder is removed, and the figures are printed.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { FIGURES_FILE, figuresTable } from './fixtures.ts';
import type { OutageFigures } from './outage.ts';
import { killLeftovers } from './processes.ts';

export default async function globalTeardown(): Promise<void> {
  const dir = process.env.FAULTS_RUN_DIR;
  if (dir && existsSync(dir)) {
    const ended = await killLeftovers(dir);
    if (ended.length > 0) console.warn(`faults: ended what a test left running: ${ended.join(', ')}`);
    rmSync(dir, { recursive: true, force: true });
  }
  if (!existsSync(FIGURES_FILE)) return;
  const rows = JSON.parse(readFileSync(FIGURES_FILE, 'utf8')) as OutageFigures[];
  console.log(`\nfault figures (${FIGURES_FILE}):\n${figuresTable(rows)}`);
  for (const row of rows)
    for (const failed of row.failedChecks) console.log(`  ${row.scenario} / ${row.engine}: ${failed}`);
}
