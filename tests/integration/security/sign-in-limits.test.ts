import { describe, expect, it } from 'vitest';
import { app, newPhone, useTable } from '../../fixtures/api.js';

useTable();

/** POST /api/auth/otp as the local server sees it: from a socket with this remote address. */
const sendFrom = (address: string, phone: string, headers: Record<string, string> = {}) =>
  app.request(
    '/api/auth/otp',
    { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ phone }) },
    { incoming: { socket: { remoteAddress: address } } },
  );

describe('sign-in code limits a stranger cannot use against the owner (issue 12, defect 7)', () => {
  it('refuses a stranger after 5 codes for a phone, while the owner on another address still gets one', async () => {
    const phone = newPhone();
    for (let i = 0; i < 5; i++) expect((await sendFrom('203.0.113.9', phone)).status).toBe(202);
    const sixth = await sendFrom('203.0.113.9', phone);
    expect(sixth.status).toBe(429);
    expect((await sixth.json()).type).toBe('/problems/rate-limited');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(sixth.headers.get('retry-after'))).toBeLessThanOrEqual(600);
    // Claiming another address in X-Forwarded-For does not help the stranger on the local server.
    expect((await sendFrom('203.0.113.9', phone, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(429);
    expect((await sendFrom('192.0.2.44', phone)).status).toBe(202);
  });

  it('caps a phone at 20 codes in 10 minutes from all addresses together', async () => {
    const phone = newPhone();
    for (let a = 0; a < 4; a++) {
      for (let i = 0; i < 5; i++) expect((await sendFrom(`198.51.100.${a}`, phone)).status).toBe(202);
    }
    const r = await sendFrom('198.51.100.99', phone);
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('reads the viewer address CloudFront appended on Lambda, not what the client wrote before it', async () => {
    const phone = newPhone();
    const viaLambda = (claimed: string) =>
      app.request(
        '/api/auth/otp',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `${claimed}, 203.0.113.7, 130.176.0.1` },
          body: JSON.stringify({ phone }),
        },
        { event: { requestContext: { http: { sourceIp: '130.176.0.1' } } } },
      );
    for (let i = 0; i < 5; i++) expect((await viaLambda(`10.0.0.${i}`)).status).toBe(202);
    expect((await viaLambda('10.0.0.200')).status).toBe(429);
  });
});
