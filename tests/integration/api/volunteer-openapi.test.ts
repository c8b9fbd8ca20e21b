import { describe, expect, it } from 'vitest';
import { call } from '../../fixtures/api.js';

describe('OpenAPI of the volunteer service', () => {
  it('documents every route of teams, themes, activities and the service record', async () => {
    const r = await call('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    const paths = r.body.paths as Record<string, Record<string, unknown>>;
    const expected: [string, string][] = [
      ['/api/teams', 'post'],
      ['/api/teams', 'get'],
      ['/api/teams/{id}', 'get'],
      ['/api/teams/{id}/members', 'post'],
      ['/api/teams/{id}/members/{userId}/approve', 'post'],
      ['/api/teams/{id}/members/{userId}', 'delete'],
      ['/api/themes', 'post'],
      ['/api/themes', 'get'],
      ['/api/themes/{month}/report', 'get'],
      ['/api/activities', 'post'],
      ['/api/activities', 'get'],
      ['/api/activities/{id}', 'get'],
      ['/api/activities/{id}/signups', 'post'],
      ['/api/activities/{id}/signups/me', 'delete'],
      ['/api/activities/{id}/checkin-code', 'get'],
      ['/api/activities/{id}/checkins', 'post'],
      ['/api/activities/{id}/checkouts', 'post'],
      ['/api/activities/{id}/attendance/{userId}', 'put'],
      ['/api/activities/{id}/attendance', 'get'],
      ['/api/activities/{id}/confirm', 'post'],
      ['/api/me/service', 'get'],
    ];
    for (const [path, method] of expected) expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
    const report = paths['/api/themes/{month}/report']!.get as { responses: Record<string, { content: object }> };
    expect(Object.keys(report.responses['200']!.content)).toEqual(['application/json', 'text/csv']);
  });
});
