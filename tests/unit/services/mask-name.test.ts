import { describe, expect, it } from 'vitest';
import { maskName } from '../../../functions/services/mask-name.js';

describe('maskName', () => {
  it('keeps the first character and adds *', () => {
    expect(maskName('王秀英')).toBe('王*');
    expect(maskName('Li Wei')).toBe('L*');
  });
  it('keeps a character outside the BMP whole', () => {
    expect(maskName('𠮷野家')).toBe('𠮷*');
  });
  it('masks an empty name to *', () => {
    expect(maskName('')).toBe('*');
  });
});
