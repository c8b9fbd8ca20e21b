/** `YYYY-MM` months for the month picker (the phone's local calendar). */

const pad = (n: number) => String(n).padStart(2, '0');

/** `ym` moved by `by` months (negative goes back): 2025-01 − 1 → 2024-12. */
export function shiftMonth(ym: string, by: number): string {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + by;
  return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;
}

/** Whether `s` is a `YYYY-MM` month. */
export const isMonth = (s: string | null | undefined): s is string => !!s && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
