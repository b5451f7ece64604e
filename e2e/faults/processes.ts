// Bookkeeping of what the fault suite starts: every process and folder is written down in the run folder
// (FAULTS_RUN_DIR, made by the global setup), so that whatever happens to a test or its worker, the global teardown
// ends what is left and removes the folder. Only processes this suite started are ever signalled.
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';

const RUN_DIR_ENV = 'FAULTS_RUN_DIR';

/** The run folder: the global setup's, or one of this process's own when a test runs without it. */
export function runDir(): string {
  const existing = process.env[RUN_DIR_ENV];
  if (existing && existsSync(existing)) return existing;
  const made = mkdtempSync(join(tmpdir(), 'sv-sdk-faults-'));
  process.env[RUN_DIR_ENV] = made;
  return made;
}

/** A new folder inside the run folder. */
export function scratchDir(name: string): string {
  const dir = join(runDir(), `${name}-${Date.now().toString(36)}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

interface TrackedRecord {
  pid: number;
  /** What `/proc/<pid>/cmdline` starts with: a recycled pid running something else is never signalled. */
  command: string;
  label: string;
}

const live = new Set<ChildProcess>();

/** Notes a started process (run folder + this worker's exit handler). */
export function track(child: ChildProcess, command: string, label: string): void {
  if (child.pid === undefined) return;
  const record: TrackedRecord = { pid: child.pid, command, label };
  appendFileSync(join(runDir(), 'pids.jsonl'), `${JSON.stringify(record)}\n`);
  live.add(child);
  child.once('exit', () => live.delete(child));
  installExitHandler();
}

let exitHandlerInstalled = false;
function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  // A worker that ends (or is ended) with processes still running takes them along; postgres's backends too.
  process.once('exit', () => {
    for (const child of live) {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) continue;
      for (const pid of [...childPids(child.pid), child.pid]) signal(pid, 'SIGKILL');
    }
  });
}

export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** State letter of /proc/<pid>/stat, or undefined when there is no such process. */
function procState(pid: number): { state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '?', ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/** Alive = exists and is not a zombie (a container's init may never reap a dead postgres backend). */
export function isAlive(pid: number): boolean {
  const state = procState(pid)?.state;
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** Direct children of a process (postgres's backends and auxiliary processes). */
export function childPids(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (procState(pid)?.ppid === parent) pids.push(pid);
  }
  return pids;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
  } catch {
    return '';
  }
}

/** Waits until none of the processes is alive; false when `timeoutMs` passed first. */
export async function waitGone(pids: number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive)) {
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 25));
  }
  return true;
}

/**
 * Global teardown: SIGKILL every recorded process still running the command it was started with (and, for the
 * postgres postmaster, its children). Returns the labels of what had to be ended.
 */
export async function killLeftovers(dir: string): Promise<string[]> {
  const file = join(dir, 'pids.jsonl');
  if (!existsSync(file)) return [];
  const ended: string[] = [];
  const pids: number[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as TrackedRecord;
    if (!isAlive(record.pid) || !commandOf(record.pid).includes(record.command)) continue;
    const family = [...childPids(record.pid), record.pid];
    for (const pid of family) signal(pid, 'SIGKILL');
    pids.push(...family);
    ended.push(`${record.label} (pid ${record.pid})`);
  }
  await waitGone(pids, 10_000);
  return ended;
}
