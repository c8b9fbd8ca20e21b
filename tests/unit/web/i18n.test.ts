import { afterEach, describe, expect, it, vi } from 'vitest';
import { format, lang, messages, setLang } from '../../../web/src/i18n/index.js';
import { common } from '../../../web/src/i18n/common.js';

afterEach(() => {
  lang.set('zh');
  vi.unstubAllGlobals();
});

describe('messages', () => {
  const m = messages({
    zh: { hello: '您好，{name}', left: '剩余 {n} 件' },
    en: { hello: 'Hello, {name}', left: '{n} left' },
  });

  it('answers in the current language and follows a switch', () => {
    expect(m.t('hello', { name: '王' })).toBe('您好，王');
    lang.set('en');
    expect(m.t('left', { n: 3 })).toBe('3 left');
  });

  it('answers in a given language regardless of the switch', () => {
    expect(m.in('en', 'hello', { name: 'Li' })).toBe('Hello, Li');
    expect(m.in('zh', 'left', { n: 0 })).toBe('剩余 0 件');
  });

  it('knows which keys it has', () => {
    expect(m.has('hello')).toBe(true);
    expect(m.has('nope')).toBe(false);
    expect(m.has('toString')).toBe(false);
  });

  it('has the shell words in both languages', () => {
    expect(common.in('zh', 'navMe')).toBe('我的');
    expect(common.in('en', 'navMe')).toBe('Me');
    expect(common.in('zh', 'roleOrganizer')).toBe('社区工作者');
  });
});

describe('format', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{a} + {b} = {c}', { a: 1, b: 2 })).toBe('1 + 2 = {c}');
    expect(format('no vars')).toBe('no vars');
  });
});

describe('setLang', () => {
  it('remembers the choice and sets <html lang>', () => {
    const saved = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => saved.get(k) ?? null,
      setItem: (k: string, v: string) => saved.set(k, v),
    });
    vi.stubGlobal('document', { documentElement: { lang: 'zh-CN' } });
    setLang('en');
    expect(lang.get()).toBe('en');
    expect(saved.get('cp.lang')).toBe('en');
    expect((document as unknown as { documentElement: { lang: string } }).documentElement.lang).toBe('en');
    setLang('zh');
    expect(saved.get('cp.lang')).toBe('zh');
    expect((document as unknown as { documentElement: { lang: string } }).documentElement.lang).toBe('zh-CN');
  });
});
