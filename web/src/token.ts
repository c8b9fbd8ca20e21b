import { STORAGE } from './early-reads.js';
import { store } from './store.js';

const KEY = STORAGE.token;

const read = (): string | null => {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
};

/** The bearer token of the signed-in person (kept in localStorage so a reload stays signed in). */
export const token = store<string | null>(typeof localStorage === 'undefined' ? null : read());

export function setToken(value: string | null): void {
  try {
    if (value) localStorage.setItem(KEY, value);
    else localStorage.removeItem(KEY);
  } catch {
    // storage blocked: the session lasts until the page closes
  }
  token.set(value);
}
