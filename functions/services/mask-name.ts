import { CLOSED_NAME } from '../../shared/schemas/privacy.js';

/**
 * A public name: its first character and `*` (API: names on leaderboards are masked). A closed account
 * shows `已注销` whole: that is no one's name, and `已*` would read like a person's.
 */
export function maskName(name: string): string {
  if (name === CLOSED_NAME) return CLOSED_NAME;
  const first = Array.from(name.trim())[0];
  return `${first ?? ''}*`;
}
