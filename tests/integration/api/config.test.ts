import { describe, expect, it } from 'vitest';
import { call, useTable } from '../../fixtures/api.js';

useTable();

describe('GET /api/config', () => {
  it('tells anyone the zone days and months are counted in, and documents it in the OpenAPI', async () => {
    const r = await call('GET', '/api/config');
    expect(r.status).toBe(200);
    // The test run leaves TZ_NAME unset: the contract's default zone.
    expect(r.body).toEqual({ timeZone: 'Asia/Shanghai' });
    const doc = await call('GET', '/api/openapi.json');
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    expect(paths['/api/config']?.get).toBeDefined();
    expect(paths['/api/health']?.get).toBeDefined();
  });
});
