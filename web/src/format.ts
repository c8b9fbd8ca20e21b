/** Service hours with one decimal, from minutes (服务时长 is shown in hours). */
export const hours = (minutes: number): string => (Math.max(0, minutes) / 60).toFixed(1);

/** Five stars, filled up to `stars` (星级志愿者, 0–5). */
export const starText = (stars: number): string => {
  const n = Math.min(5, Math.max(0, Math.floor(stars)));
  return '★'.repeat(n) + '☆'.repeat(5 - n);
};

/** A phone number grouped 3-4-4 so it reads easily: 139 0000 0005. */
export const groupPhone = (phone: string): string => phone.replace(/^(\d{3})(\d{4})(\d{4})$/, '$1 $2 $3');
