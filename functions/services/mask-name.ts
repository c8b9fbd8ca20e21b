/** A public name: its first character and `*` (API: names on leaderboards are masked). */
export function maskName(name: string): string {
  const first = Array.from(name.trim())[0];
  return `${first ?? ''}*`;
}
