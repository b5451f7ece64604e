// The demo's production build (`node examples/demo/build`) as a child process on the fault suite's engines. Its
// stdout and stderr go to files (they outlive a worker that dies) and are read back for the job and secret checks.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { demoAuthEnv, HEALTH_TOKEN } from '../demo-env.ts';
import { assertPortFree, endProcess } from './engines.ts';
import { scratchDir, track } from './processes.ts';

export const DEMO_BUILD = resolve(import.meta.dirname, '../../examples/demo/build');

export interface DemoServerOptions {
  port: number;
  databaseUrl: string;
  /** Unset: the jobs live in PostgreSQL, the cache and rate limits in memory. */
  redisUrl?: string;
  env?: Record<string, string>;
}

export interface LogLine {
  level?: number | string;
  msg?: string;
  userId?: string;
  [key: string]: unknown;
}

export class DemoServer {
  readonly url: string;
  readonly dir: string;
  private child: ChildProcess | undefined;
  /** Every exit of the server process (an exit the test did not ask for is a crash). */
  readonly exits: { at: number; code: number | null; signal: string | null; expected: boolean }[] = [];
  private stopping = false;
  private readonly options: DemoServerOptions;

  constructor(options: DemoServerOptions) {
    this.options = options;
    this.url = `http://127.0.0.1:${options.port}`;
    this.dir = scratchDir(`demo-${options.port}`);
  }

  get stdoutPath(): string {
    return join(this.dir, 'stdout.log');
  }

  get stderrPath(): string {
    return join(this.dir, 'stderr.log');
  }

  get running(): boolean {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  async start(): Promise<void> {
    if (!existsSync(join(DEMO_BUILD, 'index.js')))
      throw new Error(`no demo build at ${DEMO_BUILD}: pnpm --filter demo build`);
    await assertPortFree(this.options.port);
    const { port, databaseUrl, redisUrl } = this.options;
    // Only what the server needs: nothing of the caller's environment (DATABASE_URL, REDIS_URL…) leaks in.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      ...demoAuthEnv(this.url),
      HEALTH_TOKEN,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      DB_MIGRATE_ON_START: 'true',
      ACCOUNT_DELETION_GRACE_DAYS: '0',
      ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `faults-${port}` } : {}),
      ...this.options.env,
    };
    const out = openSync(this.stdoutPath, 'a');
    const err = openSync(this.stderrPath, 'a');
    const child = spawn(process.execPath, [DEMO_BUILD], { env, stdio: ['ignore', out, err] });
    closeSync(out);
    closeSync(err);
    track(child, process.execPath, `demo :${port}`);
    this.child = child;
    child.once('exit', (code, signalName) =>
      this.exits.push({ at: Date.now(), code, signal: signalName, expected: this.stopping }),
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (!this.running) throw new Error(`the demo server exited before it was ready:\n${this.tail()}`);
      try {
        const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the demo server did not answer /health within 60 s:\n${this.tail()}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  /** SIGTERM (the server drains), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    await endProcess(this.child, 'SIGTERM', 15_000);
  }

  stdout(): string {
    return existsSync(this.stdoutPath) ? readFileSync(this.stdoutPath, 'utf8') : '';
  }

  stderr(): string {
    return existsSync(this.stderrPath) ? readFileSync(this.stderrPath, 'utf8') : '';
  }

  /** stdout's JSON lines (pino); anything else is skipped. */
  logLines(): LogLine[] {
    const lines: LogLine[] = [];
    for (const line of this.stdout().split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        lines.push(JSON.parse(line) as LogLine);
      } catch {
        // a line cut by a kill, or not JSON
      }
    }
    return lines;
  }

  tail(lines = 30): string {
    return `${this.stdout()}\n${this.stderr()}`.trim().split('\n').slice(-lines).join('\n');
  }
}
