import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalServer } from '../../../functions/local/server.js';

// A web build in miniature: the shell, a favicon, the manifest and the service worker.
const root = mkdtempSync(join(tmpdir(), 'cp-web-'));
mkdirSync(join(root, 'icons'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>社区积分</title>');
writeFileSync(join(root, 'favicon.ico'), Buffer.from([0, 0, 1, 0]));
writeFileSync(join(root, 'manifest.webmanifest'), '{"name":"社区积分"}');
writeFileSync(join(root, 'sw.js'), 'self.addEventListener("fetch", () => {});');
const server = createLocalServer(root);

describe('local static serving', () => {
  it('serves the files of the build with their own types', async () => {
    const ico = await server.request('/favicon.ico');
    expect(ico.status).toBe(200);
    expect(ico.headers.get('content-type')).toMatch(/icon/);
    const manifest = await server.request('/manifest.webmanifest');
    expect(manifest.status).toBe(200);
    expect(await manifest.json()).toEqual({ name: '社区积分' });
  });

  it('answers a missing file with 404, not with the app page', async () => {
    for (const path of ['/apple-touch-icon-precomposed.png', '/icons/nope.png', '/robots.txt']) {
      const r = await server.request(path);
      expect(r.status).toBe(404);
      expect(await r.text()).not.toContain('<title>');
    }
  });

  it('serves index.html for the app’s pages (history-API paths)', async () => {
    for (const path of ['/', '/activities/01JABCDEF0123456789ABCDEFG', '/me']) {
      const r = await server.request(path);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('<title>社区积分</title>');
    }
  });

  it('tells browsers to revalidate the service worker on every update check', async () => {
    const r = await server.request('/sw.js');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-cache');
  });
});
