import { spawn } from 'node:child_process';
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
    const { execSync } = await import('node:child_process');
    const javaPids = execSync(`pgrep -f "[D]ynamoDBLocal.jar -inMemory -port ${port}" || true`)
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
    expect(javaPids.length).toBe(1);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    for (const pid of javaPids) expect(isAlive(pid)).toBe(false);
  });
});
