// A redis-server of a test's own (Debian's `redis-server` binary), on a free port, that the test can stop and start
// again on the same port: outages for fault tests without touching the machine's Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';

export interface OwnRedisServer {
  readonly url: string;
  readonly port: number;
  /** Kills the server (SIGKILL: an outage, not a shutdown) and waits until the port refuses connections. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: no persistence) and waits until it answers. */
  start(): Promise<void>;
  /** Stops it for good. */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

/**
 * Starts a redis-server of the test's own.
 * @example const redis = await startOwnRedisServer(); await redis.kill(); … await redis.start(); await redis.close();
 */
export async function startOwnRedisServer(
  binary = process.env.REDIS_SERVER_BIN ?? 'redis-server',
): Promise<OwnRedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    if (child) return;
    const started = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    child = started;
    started.once('exit', () => {
      if (child === started) child = undefined;
    });
    await waitFor(() => accepts(port), `redis-server on port ${port}`);
  };
  const kill = async () => {
    const running = child;
    if (!running) return;
    child = undefined;
    const exited = new Promise((done) => running.once('exit', done));
    running.kill('SIGKILL');
    await exited;
    await waitFor(async () => !(await accepts(port)), `port ${port} to close`);
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, kill, start, close: kill };
}
