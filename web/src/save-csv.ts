import { toApiError } from './api-error.js';

/**
 * Saves a CSV answer (`?format=csv`) as a file: fetched with the token like any call (a plain link would carry
 * none), then handed to the browser as a download under `filename`. The server's bytes are kept as they are,
 * BOM included, so Excel reads the Chinese right.
 */
export async function saveCsv(request: Promise<unknown>, filename: string): Promise<void> {
  const res = (await request) as Response;
  if (!res.ok) throw await toApiError(res);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
