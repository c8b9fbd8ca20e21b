import { describe, expect, it } from 'vitest';
import { RewardInput } from '../../../shared/schemas/rewards.js';
import { lang } from '../../../web/src/i18n/index.js';
import { ApiError } from '../../../web/src/api-error.js';
import { fieldProblem, numberOrUndefined, onField, validate, withoutField } from '../../../web/src/validate.js';

const gift = {
  communityId: '01J0000000000000000000000A',
  name: '香皂',
  cost: 40,
  stock: 5,
};

describe('validate (web forms, with the API schemas)', () => {
  it('passes a valid body through, as the schema parses it', () => {
    const v = validate(RewardInput, { ...gift, name: '  香皂 ' });
    expect(v.ok && v.data.name).toBe('香皂');
  });

  it('names each wrong field in Chinese, as the API would, with whole-number ranges from the schema for what is not a whole number', () => {
    lang.set('zh');
    const v = validate(RewardInput, {
      ...gift,
      name: '名'.repeat(41),
      cost: numberOrUndefined('abc'),
      stock: numberOrUndefined(' '),
      limitPerUser: numberOrUndefined('0'),
    });
    expect(v.ok).toBe(false);
    const error = !v.ok ? v.error : undefined;
    expect(error?.slug).toBe('validation');
    expect(error?.fieldError('name')).toBe('最多 40 个字');
    expect(error?.fieldError('cost')).toBe('请填 1–100000 的整数');
    expect(error?.fieldError('stock')).toBe('请填写这一项');
    expect(error?.fieldError('limitPerUser')).toBe('不能小于 1');
  });

  it('words the check of a refinement (the window) and speaks English when asked', () => {
    lang.set('en');
    try {
      const v = validate(RewardInput, {
        ...gift,
        availableFrom: '2026-06-15T02:00:00Z',
        availableUntil: '2026-06-15T01:00:00Z',
      });
      expect(!v.ok && v.error.fieldError('availableUntil')).toBe('Must be after the start time');
    } finally {
      lang.set('zh');
    }
  });

  it('drops the messages of a field being corrected, keeping the others', () => {
    const v = validate(RewardInput, { ...gift, cost: undefined, stock: undefined });
    const left = withoutField(!v.ok ? v.error : undefined, 'cost');
    expect(left?.fieldError('cost')).toBeUndefined();
    expect(left?.fieldError('stock')).toBe('请填写这一项');
  });

  it('puts the page’s words for one problem type under a field, and passes any other failure on unchanged', () => {
    const conflict = new ApiError({
      status: 409,
      type: '/problems/conflict',
      errors: [{ path: 'cardNo', message: 'x' }],
    });
    let caught: unknown;
    try {
      onField(conflict, 'conflict', 'cardNo', '这张卡已绑定给其他居民');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).status).toBe(409);
    expect((caught as ApiError).errors).toEqual([{ path: 'cardNo', message: '这张卡已绑定给其他居民' }]);
    const network = new ApiError({ status: 0, title: 'Network error' });
    expect(() => onField(network, 'conflict', 'cardNo', '…')).toThrow(network);
    expect(fieldProblem('stockDelta', '请填一个不为 0 的整数').fieldError('stockDelta')).toBe('请填一个不为 0 的整数');
    expect(fieldProblem('stockDelta', '…').slug).toBe('validation');
  });
});
