import { afterEach, describe, expect, it } from 'vitest';
import { now, resetClock } from '../../../functions/clock.js';
import { devClockEnabled } from '../../../functions/local/dev-clock.js';
import { createLocalServer } from '../../../functions/local/server.js';

const post = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

afterEach(() => resetClock());

describe('/api/dev/clock', () => {
  it('is on only with APP_ENV=local and DEV_CLOCK=1', () => {
    expect(devClockEnabled({ APP_ENV: 'local', DEV_CLOCK: '1' })).toBe(true);
    expect(devClockEnabled({ APP_ENV: 'local' })).toBe(false);
    expect(devClockEnabled({ APP_ENV: 'cloud', DEV_CLOCK: '1' })).toBe(false);
    expect(devClockEnabled({ DEV_CLOCK: '1' })).toBe(false);
  });

  it('does not exist unless asked for', async () => {
    const res = await createLocalServer('web/dist').request('/api/dev/clock', post({ advanceMs: 60_000 }));
    expect(res.status).toBe(404);
    expect(Math.abs(now() - Date.now())).toBeLessThan(1000);
  });

  it('moves the server clock forward, or sets it, and says the time', async () => {
    const server = createLocalServer('web/dist', { devClock: true });
    const moved = await server.request('/api/dev/clock', post({ advanceMs: 86_400_000 }));
    expect(moved.status).toBe(200);
    expect(now() - Date.now()).toBeGreaterThan(86_400_000 - 1000);
    const set = await server.request('/api/dev/clock', post({ at: '2026-06-15T02:00:00Z' }));
    expect(Date.parse(((await set.json()) as { now: string }).now)).toBeGreaterThanOrEqual(
      Date.parse('2026-06-15T02:00:00Z'),
    );
    expect(now() - Date.parse('2026-06-15T02:00:00Z')).toBeLessThan(1000);
    const read = (await (await server.request('/api/dev/clock')).json()) as { now: string };
    expect(Math.abs(Date.parse(read.now) - now())).toBeLessThan(1000);
  });

  it('refuses a body that says neither how far nor when, writing nothing', async () => {
    const server = createLocalServer('web/dist', { devClock: true });
    for (const body of [{}, { advanceMs: 'soon' }, { at: 'tomorrow' }, { advanceMs: 1, at: '2026-06-15T02:00:00Z' }]) {
      const res = await server.request('/api/dev/clock', post(body));
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await server.request('/api/dev/clock', post('{'))).status).toBe(400);
    expect(Math.abs(now() - Date.now())).toBeLessThan(1000);
  });
});
