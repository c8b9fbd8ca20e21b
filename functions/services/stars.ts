/** National star-volunteer scale: confirmed hours needed for 1–5 stars. */
export const STAR_HOURS = [100, 300, 600, 1000, 1500] as const;

/** Stars (0–5) from confirmed service minutes. */
export function starsFor(serviceMinutes: number): number {
  const hours = serviceMinutes / 60;
  return STAR_HOURS.filter((h) => hours >= h).length;
}
