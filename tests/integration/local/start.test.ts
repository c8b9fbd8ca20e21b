import { execSync, spawn } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules/tsx/dist/cli.mjs');

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [TSX, 'functions/api/local.ts'], {
    env: {
      ...process.env,
      IN_MEMORY: '1',
      SKIP_WEB_BUILD: '1',
      PORT: '0',
      SEED: 'none',
      LOG_LEVEL: 'silent',
      DYNAMODB_ENDPOINT: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start', () => {
  it('says in one line how to install Java when it is missing', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'nojava-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const s = start({ PATH: bin });
    expect(await s.exited).toBe(1);
    const lines = s
      .output()
      .split('\n')
      .filter((l) => /java/i.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/apt-get install -y default-jre-headless/);
  });

  it('serves the API and, on SIGTERM, stops leaving no DynamoDB Local behind', async () => {
    const s = start({});
    const deadline = Date.now() + 60_000;
    let url: string | undefined;
    while (!url && Date.now() < deadline) {
      url = /running at (http:\/\/localhost:\d+)/.exec(s.output())?.[1];
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(url).toBeDefined();
    const health = await fetch(`${url}/api/health`);
    expect(await health.json()).toEqual({ ok: true });
    // The DynamoDB Local this server started, found by its port.
    const port = /DynamoDB Local is listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(s.output())?.[1];
    expect(port).toBeDefined();
    const javaPids = execSync(`pgrep -f "[D]ynamoDBLocal.jar -inMemory -port ${port}" || true`)
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
    expect(javaPids.length).toBe(1);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    // The exit code comes as the java child is being reaped: wait for that, not for a guessed 300 ms.
    await expect.poll(() => javaPids.filter(isAlive), { interval: 50 }).toEqual([]);
  });

  // `npm start` runs `sh -c "<script>"`; npm forwards SIGTERM/SIGINT to that shell, which died without passing them
  // on and left tsx, the server and DynamoDB Local running. The script `exec`s tsx, so npm signals tsx itself.
  it.each(['SIGTERM', 'SIGINT'] as const)(
    "stops everything on %s to npm start's own pid",
    async (signal) => {
      const child = spawn('npm', ['start'], {
        env: {
          ...process.env,
          IN_MEMORY: '1',
          SKIP_WEB_BUILD: '1',
          PORT: '0',
          SEED: 'none',
          LOG_LEVEL: 'silent',
          DYNAMODB_ENDPOINT: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      const deadline = Date.now() + 90_000;
      let url: string | undefined;
      while (!url && Date.now() < deadline) {
        url = /running at (http:\/\/localhost:\d+)/.exec(out)?.[1];
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(url, out).toBeDefined();
      expect(((await (await fetch(`${url}/api/health`)).json()) as { ok: boolean }).ok).toBe(true);
      // Every process under npm: tsx, its node child, DynamoDB Local's java.
      const descendants = (pid: number): number[] => {
        const kids = execSync(`pgrep -P ${pid} || true`).toString().split('\n').filter(Boolean).map(Number);
        return kids.flatMap((k) => [k, ...descendants(k)]);
      };
      const tree = descendants(child.pid!);
      expect(tree.length).toBeGreaterThanOrEqual(3);
      process.kill(child.pid!, signal);
      await exited;
      const stillUp = async () => {
        try {
          await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1_000) });
          return true;
        } catch {
          return false;
        }
      };
      await expect.poll(stillUp).toBe(false);
      await expect.poll(() => tree.filter(isAlive)).toEqual([]);
    },
    120_000,
  );
});
