import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { sdkError } from '../../../core/errors.ts';

/** True while a process of that id runs (one we may not signal runs too). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<folder>.lock` for this process, or refuses: two processes on one PGlite folder corrupt it (the dev server
 * and `sv-sdk db seed`, say), and PGlite itself does not notice. A lock left by a process that no longer runs (a
 * crash) is taken over. Returns the release.
 * @example const release = lockPgliteFolder('/app/.sv-sdk/data'); … release();
 */
export function lockPgliteFolder(folder: string): () => void {
  const path = `${folder}.lock`;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: number;
    try {
      holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
    } catch {
      continue; // released meanwhile: try again
    }
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && running(holder)) {
      throw sdkError('DATABASE_ERROR', {
        message:
          `[sv-sdk] [db] The PGlite folder ${folder} is in use by process ${holder} (a running \`pnpm dev\` or ` +
          '`node build`?): stop it first, since two processes on one PGlite folder corrupt it, or use PostgreSQL ' +
          '(DATABASE_URL).',
        details: { pid: holder },
      });
    }
    try {
      unlinkSync(path); // left by a process that is gone
    } catch {
      // Someone else took it over first: the next attempt sees theirs.
    }
  }
  throw sdkError('DATABASE_ERROR', { message: `[sv-sdk] [db] Could not lock the PGlite folder ${folder}.` });
}
