// The fault suite's own engines: a redis-server and a PostgreSQL cluster (Debian's packages), each in a folder of
// the run folder, on ports of their own, with passwords (so the log check can look for them). `kill()` is SIGKILL
// (a crash: nothing flushed, postgres's backends included), `start()` again reuses the same data.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import postgres from 'postgres';
import { childPids, isAlive, scratchDir, signal, track, waitGone } from './processes.ts';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Throws when something already listens on the port (the suite never takes over or ends another's server). */
export async function assertPortFree(port: number): Promise<void> {
  const inUse = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
  if (inUse) throw new Error(`port ${port} is in use: the fault suite needs it free (set FAULTS_BASE_PORT to move)`);
}

async function waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean>, child?: ChildProcess) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (child && (child.exitCode !== null || child.signalCode !== null))
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs} ms`);
    await sleep(50);
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/** Ends a child: `signalName`, then SIGKILL after `graceMs`. */
export async function endProcess(child: ChildProcess | undefined, signalName: NodeJS.Signals, graceMs: number) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const done = exited(child);
  signal(child.pid, signalName);
  const timer = setTimeout(() => child.pid && signal(child.pid, 'SIGKILL'), graceMs);
  await done;
  clearTimeout(timer);
}

// ─── Redis ───────────────────────────────────────────────────────────────────────────────────────────────────────

export const REDIS_SERVER = process.env.FAULTS_REDIS_SERVER ?? '/usr/bin/redis-server';

/** One RESP exchange over a fresh socket: AUTH then PING; true on +PONG (not while loading its append-only file). */
function redisPing(port: number, password: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write(`AUTH ${password}\r\nPING\r\n`));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('+PONG')) finish(true);
      else if (answer.includes('-')) finish(false);
    });
  });
}

export class RedisServer {
  readonly password = `faults-redis-${randomBytes(12).toString('hex')}`;
  readonly dir: string;
  readonly port: number;
  private child: ChildProcess | undefined;

  constructor(port: number) {
    this.port = port;
    this.dir = scratchDir(`redis-${port}`);
  }

  get url(): string {
    return `redis://:${this.password}@127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts (or restarts on the same append-only file) and resolves once it answers PING. */
  async start(): Promise<void> {
    await assertPortFree(this.port);
    const log = openSync(join(this.dir, 'redis.log'), 'a');
    // Production settings for a queue: the append-only file (fsync every second; a killed process loses nothing the
    // kernel has), no eviction. Nothing else of the machine's Redis configuration is read.
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--requirepass',
      this.password,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
      '--daemonize',
      'no',
      '--protected-mode',
      'no',
    ];
    const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', log, log] });
    closeSync(log);
    track(child, REDIS_SERVER, `redis-server :${this.port}`);
    this.child = child;
    await waitFor(`redis-server on ${this.port}`, 15_000, () => redisPing(this.port, this.password), child);
  }

  /** SIGKILL: a crash. Resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    signal(child.pid, 'SIGKILL');
    await exited(child);
  }

  async stop(): Promise<void> {
    await endProcess(this.child, 'SIGTERM', 5_000);
  }
}

// ─── PostgreSQL ──────────────────────────────────────────────────────────────────────────────────────────────────

/** Debian's server binaries: FAULTS_PG_BIN, or the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string {
  if (process.env.FAULTS_PG_BIN) return process.env.FAULTS_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)');
  return join(root, versions[0] as string, 'bin');
}

/** initdb and postgres refuse to run as root: as root they run as this user (Debian's `postgres`). */
const PG_OS_USER = process.env.FAULTS_PG_USER ?? 'postgres';
const asRoot = process.getuid?.() === 0;

function osUser(name: string): { uid: number; gid: number } {
  const result = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const groups = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (result.status !== 0 || groups.status !== 0) throw new Error(`running as root needs the OS user ${name}`);
  return { uid: Number(result.stdout.trim()), gid: Number(groups.stdout.trim()) };
}

/** The command line of a PostgreSQL binary, run as `postgres` when this process is root (setpriv execs: same pid). */
function pgCommand(binary: string, args: string[]): [string, string[]] {
  if (!asRoot) return [binary, args];
  return ['setpriv', ['--reuid', PG_OS_USER, '--regid', PG_OS_USER, '--init-groups', '--', binary, ...args]];
}

export class PostgresCluster {
  readonly password = `faults-pg-${randomBytes(12).toString('hex')}`;
  readonly dir: string;
  readonly dataDir: string;
  readonly bin = postgresBinDir();
  readonly port: number;
  private child: ChildProcess | undefined;

  constructor(port: number) {
    this.port = port;
    this.dir = scratchDir(`postgres-${port}`);
    this.dataDir = join(this.dir, 'data');
  }

  get url(): string {
    return `postgres://postgres:${this.password}@127.0.0.1:${this.port}/postgres`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** initdb: password authentication (scram), the superuser `postgres` with this cluster's password. */
  init(): void {
    const pwfile = join(this.dir, 'pwfile');
    writeFileSync(pwfile, `${this.password}\n`, { mode: 0o600 });
    mkdirSync(this.dataDir, { mode: 0o700 });
    if (asRoot) {
      const { uid, gid } = osUser(PG_OS_USER);
      // The run folder (root's mkdtemp, 0700) must be crossable; the cluster's own folders belong to postgres.
      for (const dir of [join(this.dir, '..'), this.dir]) chmodSync(dir, 0o755);
      for (const path of [this.dir, this.dataDir, pwfile]) chownSync(path, uid, gid);
    }
    const [command, args] = pgCommand(join(this.bin, 'initdb'), [
      '-D',
      this.dataDir,
      '-U',
      'postgres',
      '--auth=scram-sha-256',
      `--pwfile=${pwfile}`,
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ]);
    const result = spawnSync(command, args, { cwd: this.dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    if (result.status !== 0) throw new Error(`initdb failed (${result.status}): ${result.stderr || result.stdout}`);
  }

  /** Starts the postmaster (after a kill: crash recovery on the same data) and resolves once it answers a query. */
  async start(): Promise<void> {
    await assertPortFree(this.port);
    const log = openSync(join(this.dir, 'postgres.log'), 'a');
    const postgresBinary = join(this.bin, 'postgres');
    // No Unix socket (TCP on loopback only); fsync off: the faults are killed processes, not a lost kernel, and
    // what a process wrote is in the page cache either way.
    const [command, args] = pgCommand(postgresBinary, [
      '-D',
      this.dataDir,
      '-p',
      String(this.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'max_connections=100',
    ]);
    const child = spawn(command, args, {
      cwd: this.dir,
      stdio: ['ignore', log, log],
      env: { PATH: process.env.PATH ?? '' },
    });
    closeSync(log);
    track(child, postgresBinary, `postgres :${this.port}`);
    this.child = child;
    await waitFor(`postgres on ${this.port}`, 30_000, () => this.answers(), child);
  }

  private async answers(): Promise<boolean> {
    const sql = postgres(this.url, { max: 1, connect_timeout: 2, idle_timeout: 1, onnotice: () => {} });
    try {
      await sql`select 1`;
      return true;
    } catch {
      return false;
    } finally {
      await sql.end({ timeout: 1 }).catch(() => {});
    }
  }

  /** SIGKILL to the postmaster and every backend at once (a crashed machine's view), until all are gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    const family = [...childPids(child.pid), child.pid];
    for (const pid of family) signal(pid, 'SIGKILL');
    await exited(child);
    if (!(await waitGone(family, 10_000))) throw new Error('postgres backends still alive 10 s after SIGKILL');
  }

  /** A fast shutdown (SIGINT), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid || !isAlive(child.pid)) return;
    const family = [...childPids(child.pid), child.pid];
    await endProcess(child, 'SIGINT', 10_000);
    for (const pid of family) if (isAlive(pid)) signal(pid, 'SIGKILL');
    await waitGone(family, 5_000);
  }

  /** A query on the cluster (one connection, closed after). */
  async query<T extends object>(run: (sql: postgres.Sql) => Promise<T[]>): Promise<T[]> {
    const sql = postgres(this.url, { max: 1, connect_timeout: 5, onnotice: () => {} });
    try {
      return await run(sql);
    } finally {
      await sql.end({ timeout: 2 });
    }
  }
}
