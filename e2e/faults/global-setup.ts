// Before the fault suite: the engines' binaries exist, the demo is built (when missing: `pnpm test` builds it in the
// e2e step before), the ports are free, a run folder is made (FAULTS_RUN_DIR, read by the workers) and the previous
// figures are removed.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_BUILD } from './demo-server.ts';
import { assertPortFree, postgresBinDir, REDIS_SERVER } from './engines.ts';
import { FIGURES_FILE, PORTS } from './fixtures.ts';
import { runDir } from './processes.ts';

export default async function globalSetup(): Promise<void> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: apt-get install redis-server`);
  const bin = postgresBinDir();
  for (const tool of ['initdb', 'postgres'])
    if (!existsSync(join(bin, tool))) throw new Error(`${join(bin, tool)} is missing: apt-get install postgresql`);
  for (const port of Object.values(PORTS)) await assertPortFree(port);
  // The build is the code under test: `pnpm test` builds it in the e2e step just before; FAULTS_BUILD=1 rebuilds.
  if (process.env.FAULTS_BUILD === '1' || !existsSync(join(DEMO_BUILD, 'index.js'))) {
    console.log('faults: building the demo (pnpm --filter demo build)');
    const build = spawnSync('pnpm', ['--filter', 'demo', 'build'], {
      cwd: resolve(import.meta.dirname, '../..'),
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error(`the demo build failed (${build.status})`);
  }
  rmSync(FIGURES_FILE, { force: true });
  console.log(`faults: run folder ${runDir()}`);
}
