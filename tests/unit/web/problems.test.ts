import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, networkError, toApiError } from '../../../web/src/api-error.js';
import { lang } from '../../../web/src/i18n/index.js';
import { problemMessage } from '../../../web/src/problems.js';
import { problemTitles } from '../../../shared/errors.js';

afterEach(() => lang.set('zh'));

const problem = (status: number, body: unknown, type = 'application/problem+json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('toApiError', () => {
  it('reads a problem+json body', async () => {
    const e = await toApiError(
      problem(400, {
        type: '/problems/validation',
        title: 'Validation failed',
        status: 400,
        detail: 'bad',
        errors: [{ path: 'name', message: 'too long' }],
      }),
    );
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 400, slug: 'validation', type: '/problems/validation', detail: 'bad' });
    expect(e.fieldError('name')).toBe('too long');
    expect(e.fieldError('communityId')).toBeUndefined();
  });

  it('finds a nested field error under its parent path', async () => {
    const e = await toApiError(
      problem(400, { type: '/problems/validation', errors: [{ path: 'location.lat', message: 'x' }] }),
    );
    expect(e.fieldError('location')).toBe('x');
    expect(e.fieldError('loc')).toBeUndefined();
  });

  it('copes with a body that is not a problem', async () => {
    const e = await toApiError(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    expect(e).toMatchObject({ status: 502, slug: 'unknown', title: 'Bad Gateway', errors: [] });
  });

  it('calls a failed fetch a network error', () => {
    expect(networkError(new TypeError('Failed to fetch'))).toMatchObject({ status: 0, slug: 'network' });
  });
});

describe('problemMessage', () => {
  it('says insufficient-points as 积分不足 and in English', async () => {
    const e = await toApiError(
      problem(409, { type: '/problems/insufficient-points', title: 'Insufficient points', status: 409 }),
    );
    expect(problemMessage(e)).toBe('积分不足。');
    expect(problemMessage(e, {}, 'en')).toBe('Not enough points.');
    lang.set('en');
    expect(problemMessage(e)).toBe('Not enough points.');
  });

  it('has words for every slug of the API', () => {
    for (const slug of Object.keys(problemTitles)) {
      const e = new ApiError({ status: 400, type: `/problems/${slug}` });
      const unknown = problemMessage(new ApiError({ status: 400, type: '/problems/zzz' }));
      expect(problemMessage(e)).not.toBe(unknown);
    }
  });

  it('lets a page say it in its own words', () => {
    const e = new ApiError({ status: 409, type: '/problems/conflict' });
    expect(problemMessage(e, { conflict: '您已经报名了' })).toBe('您已经报名了');
  });

  it('falls back for slugs newer than the web and for plain errors', () => {
    expect(problemMessage(new ApiError({ status: 409, type: '/problems/brand-new' }))).toBe('出了点问题，请稍后再试。');
    expect(problemMessage(new Error('boom'))).toBe('出了点问题，请稍后再试。');
    expect(problemMessage(networkError('x'))).toBe('网络不通，请检查网络后再试。');
  });
});
