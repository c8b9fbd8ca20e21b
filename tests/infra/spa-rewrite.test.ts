import { describe, expect, it } from 'vitest';
import { spaRewriteSource } from '../../infra/constructs/spa-rewrite.js';

interface CfRequest {
  uri: string;
  method: string;
}
// The exact source CloudFront runs, evaluated as a plain function (it has no imports or Node APIs).
const handler = new Function(`${spaRewriteSource}; return handler;`)() as (e: { request: CfRequest }) => CfRequest;
const rewrite = (uri: string) => handler({ request: { uri, method: 'GET' } }).uri;

describe('spa-rewrite CloudFront function', () => {
  it('serves index.html for history-API paths', () => {
    expect(rewrite('/')).toBe('/index.html');
    expect(rewrite('/activities/01JABCDEF0123456789')).toBe('/index.html');
    expect(rewrite('/me/')).toBe('/index.html');
    expect(rewrite('/v1.2/page')).toBe('/index.html');
  });

  it('passes files through', () => {
    expect(rewrite('/assets/index-3f2a.js')).toBe('/assets/index-3f2a.js');
    expect(rewrite('/favicon.ico')).toBe('/favicon.ico');
    expect(rewrite('/index.html')).toBe('/index.html');
  });

  it('never touches API paths, even if the behaviour were misattached', () => {
    expect(rewrite('/api/nope')).toBe('/api/nope');
    expect(rewrite('/api/me/points')).toBe('/api/me/points');
  });
});
