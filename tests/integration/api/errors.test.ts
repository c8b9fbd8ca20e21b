import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { setLogSink } from '../../../functions/api/log.js';
import { app, call, newPhone, signIn, useTable } from '../../fixtures/api.js';

useTable();

const isProblem = (r: { headers: Headers; body: { type: string; title: string; status: number } }, status: number) => {
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(r.body.status).toBe(status);
  expect(r.body.title).toEqual(expect.any(String));
};

describe('the error model', () => {
  it('answers malformed JSON with 400 invalid-json', async () => {
    const r = await call('POST', '/api/auth/otp', {
      raw: '{"phone":',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.body.type).toBe('/problems/invalid-json');
    isProblem(r, 400);
  });

  it('answers a body over 64 KiB with 413 payload-too-large', async () => {
    const r = await call('POST', '/api/auth/otp', { body: { phone: newPhone(), pad: 'x'.repeat(70 * 1024) } });
    expect(r.status).toBe(413);
    expect(r.body.type).toBe('/problems/payload-too-large');
    isProblem(r, 413);
  });

  it('lets a bin scan batch be larger than 64 KiB (its limit is 256 KiB)', async () => {
    const big = await call('POST', '/api/bins/01J00000000000000000000000/scans', {
      body: { scans: [], pad: 'x'.repeat(100 * 1024) },
    });
    expect(big.status).not.toBe(413);
    const huge = await call('POST', '/api/bins/01J00000000000000000000000/scans', {
      body: { scans: [], pad: 'x'.repeat(300 * 1024) },
    });
    expect(huge.status).toBe(413);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const r = await call('GET', '/api/no-such-thing');
    expect(r.status).toBe(404);
    expect(r.body.type).toBe('/problems/not-found');
    isProblem(r, 404);
  });

  it('answers a schema violation with 400 validation naming each field', async () => {
    const r = await call('POST', '/api/auth/token', { body: { phone: 'abc', code: '12' } });
    expect(r.status).toBe(400);
    expect(r.body.type).toBe('/problems/validation');
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['code', 'phone']);
  });

  it('answers a missing body with 400 validation, not 5xx', async () => {
    const r = await call('POST', '/api/auth/otp', {});
    expect(r.status).toBe(400);
  });

  it('answers a bad token with 401 unauthorized', async () => {
    const r = await call('GET', '/api/me', { token: 'not.a.token' });
    expect(r.status).toBe(401);
    expect(r.body.type).toBe('/problems/unauthorized');
  });

  it('puts a request id on every response, keeping a sane one the client sent', async () => {
    const a = await call('GET', '/api/health');
    expect(a.headers.get('x-request-id')).toMatch(/^[0-9A-Z]{26}$/);
    const b = await call('GET', '/api/health', { headers: { 'x-request-id': 'client-req-12345' } });
    expect(b.headers.get('x-request-id')).toBe('client-req-12345');
    const c = await call('GET', '/api/nope', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(c.headers.get('x-request-id')).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('never logs tokens, codes or phone-bearing query strings', async () => {
    const lines: string[] = [];
    setLogSink((l) => lines.push(l));
    try {
      const s = await signIn();
      await call('GET', '/api/me', { token: s.token });
      await call('GET', `/api/dev/outbox?phone=${s.phone}`);
      const all = lines.join('\n');
      expect(lines.length).toBeGreaterThan(3);
      expect(all).not.toContain(s.token);
      expect(all).not.toContain(s.token.split('.')[2]);
      expect(all).not.toContain(s.phone);
      for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    } finally {
      setLogSink(undefined, true);
    }
  });
});

describe('operations', () => {
  it('is alive', async () => {
    const r = await call('GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true });
  });

  it('serves an OpenAPI 3.1 document with every route and an interactive page', async () => {
    const r = await call('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    const paths = Object.keys(r.body.paths);
    for (const p of [
      '/api/auth/otp',
      '/api/auth/token',
      '/api/me',
      '/api/me/ledger',
      '/api/org',
      '/api/roles',
      '/api/users',
      '/api/points/adjustments',
    ]) {
      expect(paths).toContain(p);
    }
    const docs = await call('GET', '/api/docs');
    expect(docs.status).toBe(200);
    expect(String(docs.body)).toContain('/api-docs/swagger-ui-bundle.js');
    // Nothing from a CDN: the page works with no internet.
    expect(String(docs.body)).not.toMatch(/https?:\/\//);
  });
});

describe('compression', () => {
  it('gzips JSON answers for clients that accept it, and only for them', async () => {
    const gz = await app.request('/api/openapi.json', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const body = new Uint8Array(await gz.arrayBuffer());
    const plain = await app.request('/api/openapi.json');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const text = await plain.text();
    expect(gunzipSync(body).toString()).toBe(text);
    expect(body.length).toBeLessThan(text.length / 4);
  });
});
