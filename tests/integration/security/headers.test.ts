import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemOnHeaderOverflow } from '../../../functions/api/middleware/header-limit.js';
import { app, call, useTable } from '../../fixtures/api.js';

useTable();

let server: ServerType;
let url: string;
beforeAll(async () => {
  server = await new Promise<ServerType>((res) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => res(s));
    problemOnHeaderOverflow(s);
  });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('headers over 16 KiB (issue 12, defect 8)', () => {
  it('are 431 problem+json from the local server', async () => {
    const r = await fetch(`${url}/api/health`, { headers: { 'x-padding': 'a'.repeat(17 * 1024) } });
    expect(r.status).toBe(431);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(await r.json()).toMatchObject({ type: '/problems/header-too-large', status: 431 });
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });

  it('are 431 problem+json in the app itself (Lambda)', async () => {
    const r = await call('GET', '/api/health', { headers: { 'x-padding': 'a'.repeat(17 * 1024) } });
    expect(r.status).toBe(431);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.type).toBe('/problems/header-too-large');
  });
});

describe('401 and 429 say what to do (issue 12, defect 8)', () => {
  it('every 401 carries WWW-Authenticate: Bearer', async () => {
    const variants: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic x' }];
    for (const headers of variants) {
      const r = await call('GET', '/api/me', { headers });
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });
});
