import { STORAGE } from '../early-reads.js';
import { store, useStore } from '../store.js';

/**
 * Languages of the UI. Chinese is the default; English is a switch the browser remembers.
 *
 * Every module declares its own strings next to its code:
 * ```ts
 * const m = messages({ zh: { title: '积分兑换', left: '剩余 {n} 件' }, en: { title: 'Rewards', left: '{n} left' } });
 * m.t('left', { n: 3 });
 * ```
 * The English table must have exactly the Chinese keys (the type checker says so), so no string goes missing.
 */
export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];
const STORAGE_KEY = STORAGE.lang;

/** What `<html lang>` says for each language. */
export const htmlLang: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage blocked (private mode): the choice just is not remembered
  }
}

function initialLang(): Lang {
  const saved = storage()?.getItem(STORAGE_KEY);
  return saved === 'en' || saved === 'zh' ? saved : 'zh';
}

/** The current language. Read it with `useLang()` in components, `lang.get()` elsewhere. */
export const lang = store<Lang>(initialLang());

/** Switches the language, remembers it and updates `<html lang>`. */
export function setLang(next: Lang): void {
  storage()?.setItem(STORAGE_KEY, next);
  if (typeof document !== 'undefined') document.documentElement.lang = htmlLang[next];
  lang.set(next);
}

/** The current language; the component re-renders when it changes. */
export const useLang = (): Lang => useStore(lang);

export type Vars = Record<string, string | number>;

/** Fills `{name}` placeholders; unknown placeholders stay as they are so a mistake is visible. */
export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (all, k: string) => (k in vars ? String(vars[k]) : all));
}

export interface Messages<K extends string> {
  /** The string in the current language. */
  t(key: K, vars?: Vars): string;
  /** The string in a given language (tests, or text that must not follow the switch). */
  in(language: Lang, key: K, vars?: Vars): string;
  /** Whether this table has the key (for lookups by a runtime value, such as a problem slug). */
  has(key: string): key is K;
}

/** Declares one module's strings in both languages. */
export function messages<const Z extends Record<string, string>>(tables: {
  zh: Z;
  en: { [K in keyof Z]: string };
}): Messages<keyof Z & string> {
  const lookup = (language: Lang, key: keyof Z & string, vars?: Vars) =>
    format((tables[language] as Record<string, string>)[key] ?? tables.zh[key] ?? key, vars);
  return {
    t: (key, vars) => lookup(lang.get(), key, vars),
    in: lookup,
    has: (key): key is keyof Z & string => Object.prototype.hasOwnProperty.call(tables.zh, key),
  };
}
