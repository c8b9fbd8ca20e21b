import { describe, expect, it } from 'vitest';
import { buildPath, matchPath, matchRoutes, parseHref } from '../../../web/src/router.js';
import { routes } from '../../../web/src/routes.js';

describe('matchPath', () => {
  it('matches literal paths, ignoring a trailing slash', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/me', '/me')).toEqual({});
    expect(matchPath('/me', '/me/')).toEqual({});
    expect(matchPath('/me', '/mess')).toBeNull();
    expect(matchPath('/me', '/me/x')).toBeNull();
    expect(matchPath('/', '/me')).toBeNull();
  });

  it('captures :params, decoded', () => {
    expect(matchPath('/activities/:id', '/activities/01J9ZX')).toEqual({ id: '01J9ZX' });
    expect(matchPath('/a/:x/b/:y', '/a/%E7%A4%BE/b/2')).toEqual({ x: '社', y: '2' });
    expect(matchPath('/activities/:id', '/activities')).toBeNull();
    expect(matchPath('/activities/:id', '/activities/1/2')).toBeNull();
  });

  it('keeps a malformed escape as typed', () => {
    expect(matchPath('/x/:id', '/x/%E0%A4%A')).toEqual({ id: '%E0%A4%A' });
  });

  it('matches the rest with a final *', () => {
    expect(matchPath('/docs/*', '/docs/a/b')).toEqual({ rest: 'a/b' });
    expect(matchPath('/docs/*', '/docs')).toEqual({});
  });

  it('treats regex characters in literals literally', () => {
    expect(matchPath('/a.b', '/a.b')).toEqual({});
    expect(matchPath('/a.b', '/axb')).toBeNull();
  });
});

describe('matchRoutes', () => {
  const table = [{ path: '/activities/new' }, { path: '/activities/:id' }, { path: '/activities' }];
  it('takes the first route that matches, in order', () => {
    expect(matchRoutes(table, '/activities/new')?.route.path).toBe('/activities/new');
    expect(matchRoutes(table, '/activities/01J')).toMatchObject({
      route: { path: '/activities/:id' },
      params: { id: '01J' },
    });
    expect(matchRoutes(table, '/rewards')).toBeNull();
  });
});

describe('buildPath and parseHref', () => {
  it('fills params, encodes them and appends non-empty query values', () => {
    expect(buildPath('/activities/:id', { id: 'a b' }, { tab: 'mine', empty: '', none: undefined })).toBe(
      '/activities/a%20b?tab=mine',
    );
    expect(buildPath('/me')).toBe('/me');
    expect(() => buildPath('/activities/:id')).toThrow(/missing param id/);
  });

  it('splits an href into path and query', () => {
    const l = parseHref('/signin?next=%2Fme&x=1');
    expect(l.path).toBe('/signin');
    expect(l.query.get('next')).toBe('/me');
    expect(l.href).toBe('/signin?next=%2Fme&x=1');
  });
});

describe('the route registry', () => {
  it('has every page of issue 2, each once', () => {
    const paths = routes.map((r) => r.path);
    for (const p of ['/', '/signin', '/activities', '/rewards', '/leaderboards', '/me', '/organize']) {
      expect(matchRoutes(routes, p)?.route.path).toBe(p);
    }
    expect(new Set(paths).size).toBe(paths.length);
    expect(matchRoutes(routes, '/no-such-page')).toBeNull();
  });

  it('guards /me by sign-in and /organize by role', () => {
    expect(routes.find((r) => r.path === '/me')?.auth).toBe(true);
    expect(routes.find((r) => r.path === '/organize')?.roles).toContain('organizer');
  });
});
